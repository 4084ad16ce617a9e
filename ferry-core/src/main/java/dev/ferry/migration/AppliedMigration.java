package dev.ferry.migration;

/** One migration a run applied or rolled back, for results and reports. */
public record AppliedMigration(String version, String description, String script, boolean transactional, long executionMs) {

    static AppliedMigration of(Migration m, boolean transactional, long ms) {
        return new AppliedMigration(m.version() == null ? null : m.version().toString(), m.description(), m.script(), transactional, ms);
    }
}
