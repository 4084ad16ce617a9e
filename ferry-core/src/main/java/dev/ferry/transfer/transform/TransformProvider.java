package dev.ferry.transfer.transform;

/**
 * Makes named transforms available to plans ({@code transform: [my_name]} or {@code my_name:arg}).
 * Found with {@link java.util.ServiceLoader}.
 */
public interface TransformProvider {
    String name();

    /** @param argument the text after {@code name:}, or {@code null} */
    ValueTransform create(String argument);
}
