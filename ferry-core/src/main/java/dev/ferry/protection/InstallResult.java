package dev.ferry.protection;

import java.util.List;

/**
 * What {@code protect install} or {@code protect uninstall} did.
 *
 * @param objects per table, the triggers and constraints installed (or removed)
 * @param kept what uninstall deliberately left in place (the audit trail and the snapshots)
 */
public record InstallResult(String runId, String environment, String database, boolean installed, List<TableObjects> objects,
                            List<String> kept) {

    /** The objects Ferry created on one protected table. */
    public record TableObjects(String table, List<String> triggers, List<String> constraints) {
    }
}
