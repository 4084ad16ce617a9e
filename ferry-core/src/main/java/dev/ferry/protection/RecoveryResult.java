package dev.ferry.protection;

import java.util.List;

/**
 * What {@code doctor --recover} restored, all in one transaction, marked in the audit trail as
 * changed by {@code changedBy}.
 */
public record RecoveryResult(String runId, String changedBy, List<RestoredRow> restored, List<String> notes) {

    /** One row put back: inserted when it was missing, replaced when it was invalid. */
    public record RestoredRow(String table, String key, String action, int snapshotVersion) {
    }
}
