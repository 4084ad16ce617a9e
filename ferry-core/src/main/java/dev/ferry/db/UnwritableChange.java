package dev.ferry.db;

/** A change the generator cannot write as SQL from what the catalogs say; the message says which and why. */
public final class UnwritableChange extends RuntimeException {
    public UnwritableChange(String message) {
        super(message);
    }
}
