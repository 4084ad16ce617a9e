package dev.ferry.migration;

import java.nio.file.Path;

/**
 * One migration found on disk, whatever the folder layout it came from.
 *
 * @param version {@code null} for repeatable migrations
 * @param script the name recorded in history, relative to its location (e.g. {@code V1__init.sql})
 * @param source the file the up SQL came from, for error messages
 * @param upLine the line of {@code source} where the up SQL starts (dbmate sections start later)
 * @param down the down (undo) SQL, or {@code null} if there is none
 * @param noTransaction true when the author asked to run it outside a transaction
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
        boolean noTransaction) {

    public String checksum() {
        return Checksum.of(up);
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
