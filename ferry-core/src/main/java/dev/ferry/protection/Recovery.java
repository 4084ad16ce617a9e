package dev.ferry.protection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts missing and invalid protected rows back from the newest snapshot that holds a valid copy and
 * whose checksum still matches, all in one transaction, with the table's own triggers paused so the
 * rows come back exactly as snapshotted. Ferry's audit triggers fire as for any change;
 * the session is marked so the audit trail names the recovery run as the one who changed the rows.
 * When some row cannot be recovered nothing is changed.
 */
final class Recovery {
    static final String INSERTED = "inserted";
    static final String REPLACED = "replaced";

    private final ProtectionSession s;

    Recovery(ProtectionSession s) {
        this.s = s;
    }

    RecoveryResult recover(String runId, List<ProtectionProblem> problems) throws SQLException {
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        Set<String> invalid = new HashSet<>();
        for (ProtectionProblem p : problems) {
            if (p.recoverable()) {
                wanted.computeIfAbsent(p.table(), k -> new LinkedHashSet<>()).add(p.key());
                if (ProtectionProblem.INVALID.equals(p.kind())) {
                    invalid.add(p.table() + "\u0000" + p.key());
                }
            }
        }
        String changedBy = "ferry doctor --recover " + runId;
        List<String> notes = new ArrayList<>();
        if (wanted.isEmpty()) {
            return new RecoveryResult(runId, changedBy, List.of(), notes);
        }
        Map<String, Map<String, ObjectNode>> rows = new LinkedHashMap<>();
        Map<String, Integer> versionOf = new LinkedHashMap<>();
        SnapshotStore store = new SnapshotStore(s);
        for (SnapshotInfo info : store.list()) {
            Map<String, Set<String>> stillWanted = remaining(wanted, rows);
            if (stillWanted.isEmpty()) {
                break;
            }
            Map<String, Map<String, ObjectNode>> found = store.read(info, stillWanted);
            if (found == null) {
                notes.add("snapshot " + info.version() + " no longer matches its checksum " + info.checksum() + "; skipped");
                continue;
            }
            for (Map.Entry<String, Map<String, ObjectNode>> e : found.entrySet()) {
                ProtectedTable table = s.data.table(e.getKey());
                for (Map.Entry<String, ObjectNode> r : e.getValue().entrySet()) {
                    if (RowValidator.problems(table, r.getValue()).isEmpty()) {
                        rows.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).put(r.getKey(), r.getValue());
                        versionOf.put(e.getKey() + "\u0000" + r.getKey(), info.version());
                    }
                }
            }
        }
        Map<String, Set<String>> unrecoverable = remaining(wanted, rows);
        if (!unrecoverable.isEmpty()) {
            Map.Entry<String, Set<String>> first = unrecoverable.entrySet().iterator().next();
            throw new FerryException(ErrorCode.VALIDATION_FAILED, "Cannot recover " + first.getKey() + " key(s) "
                    + String.join(", ", first.getValue()) + ": no snapshot with a matching checksum holds a valid copy; nothing was "
                    + "changed. Restore the row(s) by hand, then take snapshots regularly with 'ferry protect snapshot'");
        }
        List<RecoveryResult.RestoredRow> restored = new ArrayList<>();
        List<ProtectedTable> tables = rows.keySet().stream().map(s.data::table).toList();
        s.writeAsFerry("recover", changedBy, tables, () -> {
            for (Map.Entry<String, Map<String, ObjectNode>> e : rows.entrySet()) {
                ProtectedTable table = s.data.table(e.getKey());
                Set<String> columns = s.requireColumns(table);
                for (Map.Entry<String, ObjectNode> r : e.getValue().entrySet()) {
                    boolean replace = invalid.contains(e.getKey() + "\u0000" + r.getKey())
                            || ProtectedRows.find(s.connection, s.dialect, s.ref(table), table, r.getValue()) != null;
                    ProtectedRows.write(s.connection, s.dialect, s.ref(table), table, r.getValue(), columns, replace);
                    restored.add(new RecoveryResult.RestoredRow(e.getKey(), r.getKey(), replace ? REPLACED : INSERTED,
                            versionOf.get(e.getKey() + "\u0000" + r.getKey())));
                }
            }
        });
        return new RecoveryResult(runId, changedBy, List.copyOf(restored), List.copyOf(notes));
    }

    private static Map<String, Set<String>> remaining(Map<String, Set<String>> wanted, Map<String, Map<String, ObjectNode>> found) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : wanted.entrySet()) {
            Set<String> left = new LinkedHashSet<>(e.getValue());
            left.removeAll(found.getOrDefault(e.getKey(), Map.of()).keySet());
            if (!left.isEmpty()) {
                out.put(e.getKey(), left);
            }
        }
        return out;
    }
}
