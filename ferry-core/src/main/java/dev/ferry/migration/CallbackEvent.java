package dev.ferry.migration;

import java.util.Optional;

/** When a callback script runs; the file name starts with the event's name, as in Flyway. */
public enum CallbackEvent {
    BEFORE_MIGRATE("beforeMigrate"),
    BEFORE_EACH_MIGRATE("beforeEachMigrate"),
    AFTER_EACH_MIGRATE("afterEachMigrate"),
    AFTER_MIGRATE("afterMigrate"),
    AFTER_MIGRATE_ERROR("afterMigrateError");

    private final String fileName;

    CallbackEvent(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    /** {@code beforeMigrate.sql} and {@code beforeMigrate__grants.sql} are both callbacks. */
    static Optional<CallbackEvent> forFile(String name) {
        for (CallbackEvent e : values()) {
            if (name.equals(e.fileName + ".sql") || (name.startsWith(e.fileName + "__") && name.endsWith(".sql"))) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
