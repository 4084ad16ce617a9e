package dev.ferry.transfer;

/**
 * Hears every {@link TransferEvent}. One method for all kinds, unlike {@code MigrationListener}'s
 * one per kind, because the events file and the run log write every kind alike; a listener that
 * cares about some kinds matches on them. Called from worker threads: implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface TransferListener {
    TransferListener NONE = e -> { };

    void onEvent(TransferEvent event);
}
