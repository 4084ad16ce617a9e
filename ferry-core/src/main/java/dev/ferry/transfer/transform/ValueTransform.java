package dev.ferry.transfer.transform;

/**
 * Turns one value into another while rows are transferred. Values travel as text (or
 * {@code null}), the form both databases read and write fastest. Implementations must be
 * thread-safe: one instance serves every worker.
 *
 * <p>Custom transforms are plain Java: implement this interface, and either name the class in the
 * plan ({@code transform: [java:com.acme.Normalize]}) or publish a {@link TransformProvider} through
 * {@code META-INF/services}.
 */
@FunctionalInterface
public interface ValueTransform {
    /**
     * @throws IllegalArgumentException when the value cannot be transformed; the row is rejected
     *         with the message, not the whole transfer
     */
    String apply(String value);
}
