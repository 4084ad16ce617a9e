package dev.ferry.snapshot;

import dev.ferry.db.TableRef;
import java.time.Instant;

/**
 * One row of {@code ferry_snapshots}: a copy of one table inside the database.
 *
 * @param rows rows in the copy; {@code null} while the copy is still being made (or was interrupted)
 * @param reason why it was made, e.g. {@code ferry snapshot} or the transfer run a rollback removed rows of
 */
public record SnapshotRecord(String snapshotId, String schema, String table, String copyTable, Long rows, Instant createdAt,
                             String createdBy, String reason) {

    public TableRef source() {
        return new TableRef(schema, table);
    }

    public TableRef copy() {
        return new TableRef(schema, copyTable);
    }

    public boolean complete() {
        return rows != null;
    }
}
