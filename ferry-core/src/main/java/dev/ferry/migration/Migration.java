package dev.ferry.migration;

import java.nio.file.Path;

/**
 * One migration found on disk, whatever the folder layout it came from, or a Java migration class.
 *
 * @param version {@code null} for repeatable migrations
 * @param script the name recorded in history, relative to its location (e.g. {@code V1__init.sql})
 * @param source the file the up SQL came from, for error messages
 * @param upLine the line of {@code source} where the up SQL starts (dbmate sections start later)
 * @param down the down (undo) SQL, or {@code null} if there is none
 * @param noTransaction true when the author asked to run it outside a transaction
 * @param code the Java migration, or {@code null} for a script ({@code up} is then empty and
 *             {@code script} the class name)
 */
public record Migration(
        Version version,
        String description,
        MigrationType type,
        String script,
        Path source,
        String up,
        int upLine,
        String down,
        String downScript,
        Path downSource,
        int downLine,
        boolean noTransaction,
        JavaMigration code) {

    /** A migration from a script. */
    public Migration(Version version, String description, MigrationType type, String script, Path source, String up, int upLine,
                     String down, String downScript, Path downSource, int downLine, boolean noTransaction) {
        this(version, description, type, script, source, up, upLine, down, downScript, downSource, downLine, noTransaction, null);
    }

    /** A versioned migration written in Java, named {@code className}. */
    static Migration java(Version version, String description, String className, JavaMigration code) {
        return new Migration(version, description, MigrationType.VERSIONED, className, Path.of(className), "", 1,
                null, null, null, 0, false, code);
    }

    public String checksum() {
        return code != null ? JavaMigrationNames.checksum(code) : Checksum.of(up);
    }

    public boolean isJava() {
        return code != null;
    }

    /** Whether {@code rollback} can undo it: a down script, or a Java class that implements {@code rollback(Context)}. */
    public boolean canRollBack() {
        return code != null ? JavaMigrationNames.overridesRollback(code) : down != null;
    }

    public String downChecksum() {
        return down == null ? null : Checksum.of(down);
    }

    public boolean hasDown() {
        return down != null;
    }

    /** "V3 (add index)" or "R (refresh views)": how the migration is named in messages. */
    public String label() {
        return (version == null ? "repeatable" : "version " + version) + " (" + script + ")";
    }
}
