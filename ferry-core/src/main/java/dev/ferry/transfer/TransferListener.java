package dev.ferry.transfer;

/** Hears every {@link TransferEvent}. Called from worker threads: implementations must be thread-safe. */
@FunctionalInterface
public interface TransferListener {
    TransferListener NONE = e -> { };

    void onEvent(TransferEvent event);
}
