package dev.ferry.migration;

/**
 * Hears what a migration run does, as it does it. The CLI prints from it; the run journal logs it.
 * Every method has an empty default so listeners implement only what they need.
 */
public interface MigrationListener {
    MigrationListener NONE = new MigrationListener() { };

    default void note(String message) {
    }

    default void migrationStarted(Migration migration, boolean transactional, String direction) {
    }

    default void migrationFinished(Migration migration, long executionMs, String direction) {
    }

    default void migrationFailed(Migration migration, String error, String direction) {
    }
}
