package dev.ferry.verify;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ferry.FerryException;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import dev.ferry.db.Transactions;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverses every change of a fix run, newest first, in one transaction: quarantined rows go back,
 * re-copied rows are removed, updated rows get their recorded values back. Rows are found by their
 * whole primary key ({@link RowKeys}). Newest first puts a quarantined parent back before the
 * children that were moved with it; orphans go back past the foreign keys they broke before the fix
 * ({@link dev.ferry.db.IntegritySql#admitOrphans}), and those keys are back on before the commit.
 */
final class FixUndo {
    private final Database database;

    FixUndo(Database database) {
        this.database = database;
    }

    FixResult undo(String fixRun) {
        Dialect d = database.dialect();
        List<FixResult.Action> actions = new ArrayList<>();
        try (Connection c = database.connect("ferry verify undo")) {
            String schema = d.currentSchema(c);
            if (!d.tableExists(c, schema, FixLog.TABLE)) {
                throw FerryException.invalidInput("There is no fix run '" + fixRun + "': nothing was ever fixed in " + database.displayUrl());
            }
            List<String[]> changes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, table_name, row_key, moved_to, before_row, reason FROM "
                    + d.quote(FixLog.TABLE) + " WHERE fix_run = ? AND undone = ? ORDER BY seq DESC")) {
                ps.setString(1, fixRun);
                ps.setBoolean(2, false);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        changes.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)});
                    }
                }
            }
            if (changes.isEmpty()) {
                throw FerryException.invalidInput("Fix run '" + fixRun + "' has nothing left to undo (unknown, or undone already)");
            }
            Transactions.run(c, "Undoing fix run " + fixRun, () -> {
                Map<String, RowKeys> keys = new HashMap<>();
                // Orphans go back as they were: past the foreign keys they never satisfied.
                List<String> recheck = new ArrayList<>();
                Set<String> admitted = new HashSet<>();
                for (String[] ch : changes) {
                    String table = ch[1];
                    TableRef ref = TableRef.parse(table, schema);
                    RowKeys key = keys.computeIfAbsent(table, t -> primaryKey(c, d, ref));
                    String quoted = ref.quoted(d);
                    switch (ch[0]) {
                        case FixLog.QUARANTINE -> {
                            if (admitted.add(table)) {
                                recheck.addAll(d.integrity().admitOrphans(c, ref));
                            }
                            run(c, key, "INSERT INTO " + quoted + " SELECT * FROM " + d.quote(ch[3]) + " WHERE " + key.where(), ch[2]);
                            run(c, key, "DELETE FROM " + d.quote(ch[3]) + " WHERE " + key.where(), ch[2]);
                        }
                        case FixLog.INSERTED -> run(c, key, "DELETE FROM " + quoted + " WHERE " + key.where(), ch[2]);
                        case FixLog.READMITTED -> {
                            run(c, key, "DELETE FROM " + quoted + " WHERE " + key.where(), ch[2]);
                            Readmission.undo(c, d, ch[3], ch[4]);
                        }
                        default -> restore(c, d, quoted, key, ch[2], ch[4]);
                    }
                    actions.add(new FixResult.Action("undo " + ch[0], table, ch[5], List.of(ch[2]), ch[0].equals(FixLog.QUARANTINE) ? table : null));
                }
                try (Statement st = c.createStatement()) {
                    for (String sql : recheck) {
                        st.execute(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + d.quote(FixLog.TABLE) + " SET undone = ? WHERE fix_run = ?")) {
                    ps.setBoolean(1, true);
                    ps.setString(2, fixRun);
                    ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw FerryException.sql("Undoing fix run " + fixRun, e);
        }
        return new FixResult(fixRun, false, actions);
    }

    private static RowKeys primaryKey(Connection c, Dialect d, TableRef table) {
        try {
            List<String> pk = d.primaryKey(c, table);
            if (pk.isEmpty()) {
                throw FerryException.invalidInput("Cannot undo the changes to " + table + ": it no longer has a primary key to find each row by");
            }
            return new RowKeys(d, pk);
        } catch (SQLException e) {
            throw FerryException.sql("Reading the primary key of " + table, e);
        }
    }

    private static void run(Connection c, RowKeys keys, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            keys.bind(ps, 1, key);
            ps.executeUpdate();
        }
    }

    private static void restore(Connection c, Dialect d, String table, RowKeys pk, String key, String beforeJson) throws SQLException {
        Map<String, String> before;
        try {
            before = new com.fasterxml.jackson.databind.ObjectMapper().readValue(beforeJson, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (IOException e) {
            throw FerryException.failure("The recorded values of " + table + " row " + key + " are unreadable: " + e.getMessage(), e);
        }
        List<String> cols = new ArrayList<>(before.keySet());
        String sql = "UPDATE " + table + " SET " + String.join(", ", cols.stream().map(col -> d.quote(col) + " = ?").toList())
                + " WHERE " + pk.where();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < cols.size(); i++) {
                d.bindText(ps, i + 1, before.get(cols.get(i)));
            }
            pk.bind(ps, cols.size() + 1, key);
            ps.executeUpdate();
        }
    }
}
