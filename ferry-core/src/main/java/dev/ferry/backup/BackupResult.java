package dev.ferry.backup;

import java.nio.file.Path;
import java.util.List;

/** A finished backup: the archive and what went into it. */
public record BackupResult(String runId, Path archive, String environment, boolean encrypted, String schemaVersion, long rows,
                           long archiveBytes, long durationMs, List<TableSummary> tables) {

    /** One table of the archive: its rows, the size of its COPY text and that text's SHA-256. */
    public record TableSummary(String table, long rows, long bytes, String sha256) {
    }
}
