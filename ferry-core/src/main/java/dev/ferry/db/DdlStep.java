package dev.ferry.db;

/**
 * One statement of a generated migration, with where it goes (its phase: drops before creates,
 * types and tables before what refers to them) and the risk it carries.
 *
 * @param risk what can go wrong (data loss, a table rewrite, a long lock), written above the statement; {@code null} when none
 * @param concurrently the same change in a form that does not block writes but cannot run in a
 *                     transaction ({@code CREATE INDEX CONCURRENTLY}); {@code null} when there is none
 * @param manual the statement is only a comment: the change needs a person (an expand/contract), so the script is not complete
 */
public record DdlStep(Phase phase, String sql, String risk, String concurrently, boolean manual) {

    /** Where a statement goes in a script: renames first, then drops (dependents first), then creates (dependencies first). */
    public enum Phase {
        RENAME, DROP_TRIGGER, DROP_POLICY, DROP_VIEW, DROP_INDEX, DROP_FOREIGN_KEY, DROP_CONSTRAINT, DROP_COLUMN, DROP_TABLE,
        DROP_FUNCTION, DROP_SEQUENCE, DROP_TYPE, DROP_EXTENSION,
        CREATE_EXTENSION, CREATE_TYPE, CREATE_SEQUENCE, CREATE_FUNCTION, CREATE_TABLE, ALTER_TABLE, ADD_COLUMN, ALTER_COLUMN,
        ADD_CONSTRAINT, ADD_FOREIGN_KEY, CREATE_INDEX, OWN_SEQUENCE, CREATE_VIEW, CREATE_TRIGGER, CREATE_POLICY
    }

    public static DdlStep of(Phase phase, String sql) {
        return new DdlStep(phase, sql, null, null, false);
    }

    public static DdlStep risky(Phase phase, String sql, String risk) {
        return new DdlStep(phase, sql, risk, null, false);
    }

    /** A change written as a comment only, for a person to carry out. */
    public static DdlStep manual(Phase phase, String comment) {
        return new DdlStep(phase, "", comment, null, true);
    }
}
