package dev.ferry.protection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts protected tables back exactly as one stored snapshot holds them: rows it lacks go, rows it
 * holds come back or are set back, in one transaction, audited as the restore run. Only the keys
 * of a table are held in memory; the rows stream from the snapshot. Rows that are gone first make
 * room for a restored row that reuses one of their unique values.
 */
final class SnapshotRestore {
    private final ProtectionSession s;
    private final SnapshotStore store;

    SnapshotRestore(ProtectionSession s) {
        this.s = s;
        this.store = new SnapshotStore(s);
    }

    /** The snapshot, checked against its checksum; invalid input when there is none, exit 3 when it was altered. */
    SnapshotInfo intactSnapshot(int version) throws SQLException {
        SnapshotInfo info = store.find(version);
        if (info == null) {
            List<Integer> versions = store.list().stream().map(SnapshotInfo::version).toList();
            throw FerryException.invalidInput("There is no protected-data snapshot " + version + " on " + s.database.displayUrl()
                    + (versions.isEmpty() ? "; take one with 'ferry protect snapshot'" : "; the stored ones are " + versions));
        }
        if (!store.intact(info)) {
            throw new FerryException(ErrorCode.VALIDATION_FAILED, "Snapshot " + version + " no longer matches its checksum "
                    + info.checksum() + ": its rows were altered, so nothing was restored; restore from another snapshot");
        }
        return info;
    }

    /** The tables to restore: {@code table} alone, or every protected table. */
    List<ProtectedTable> tables(String table) {
        if (table == null) {
            return s.data.tables();
        }
        ProtectedTable t = s.data.table(table);
        if (t == null) {
            throw FerryException.invalidInput("--table " + table + " is not a protected table; the protected tables are "
                    + s.data.tables().stream().map(ProtectedTable::name).toList());
        }
        return List.of(t);
    }

    SnapshotRestoreResult restore(String runId, int version, String table, boolean dryRun) throws SQLException {
        intactSnapshot(version);
        List<ProtectedTable> tables = tables(table);
        for (ProtectedTable t : tables) {
            s.requireColumns(t);
        }
        String changedBy = "ferry protect restore " + (runId == null ? "(dry run)" : runId);
        List<SnapshotRestoreResult.TableChange> changes = new ArrayList<>();
        if (dryRun) {
            for (ProtectedTable t : tables) {
                changes.add(restoreTable(version, t, false));
            }
        } else {
            s.writeAsFerry("protect-restore", changedBy, tables, () -> {
                for (ProtectedTable t : tables) {
                    changes.add(restoreTable(version, t, true));
                }
            });
        }
        return new SnapshotRestoreResult(runId, version, dryRun, changedBy, List.copyOf(changes));
    }

    private SnapshotRestoreResult.TableChange restoreTable(int version, ProtectedTable t, boolean write) throws SQLException {
        Set<String> kept = new HashSet<>();
        store.rows(version, t.name(), false, (key, data) -> kept.add(key));
        List<List<String>> gone = new ArrayList<>();
        ProtectedRows.scan(s.connection, s.dialect, s.ref(t), t, row -> {
            if (!kept.contains(row.keyText())) {
                gone.add(row.key());
            }
        });
        if (write) {
            for (List<String> key : gone) {
                ProtectedRows.delete(s.connection, s.dialect, s.ref(t), t, key);
            }
        }
        long[] counts = new long[3]; // inserted, replaced, unchanged
        Set<String> columns = s.requireColumns(t);
        store.rows(version, t.name(), true, (key, data) -> {
            ObjectNode row = ProtectedRows.parseRow(data);
            ObjectNode current = ProtectedRows.find(s.connection, s.dialect, s.ref(t), t, row);
            // Both sides are rendered the same way, so equal text is an equal row.
            if (current != null && ProtectedRows.text(current).equals(data)) {
                counts[2]++;
                return;
            }
            counts[current == null ? 0 : 1]++;
            if (write) {
                ProtectedRows.write(s.connection, s.dialect, s.ref(t), t, row, columns, current != null);
            }
        });
        return new SnapshotRestoreResult.TableChange(t.name(), counts[0], counts[1], gone.size(), counts[2]);
    }
}
