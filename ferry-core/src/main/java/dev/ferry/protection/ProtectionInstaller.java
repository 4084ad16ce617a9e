package dev.ferry.protection;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.Catalogs;
import dev.ferry.db.ProtectionSql;
import dev.ferry.db.TableRef;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs and removes the audit triggers and the derived CHECK constraints. Every object made is
 * written to {@code ferry_protection_objects}, so install can replace exactly what it made before
 * and uninstall can remove exactly that, never a user's own trigger or constraint.
 */
final class ProtectionInstaller {
    static final String TRIGGERS = "audit_triggers";
    static final String CHECK = "check";

    private final ProtectionSession s;

    ProtectionInstaller(ProtectionSession s) {
        this.s = s;
    }

    List<InstallResult.TableObjects> install() throws SQLException {
        Map<ProtectedTable, Set<String>> columns = new LinkedHashMap<>();
        Map<ProtectedTable, List<ConstraintDeriver.DerivedCheck>> checks = new LinkedHashMap<>();
        for (ProtectedTable t : s.data.tables()) {
            columns.put(t, s.requireColumns(t));
            checks.put(t, ConstraintDeriver.derive(t, s.ref(t), s.dialect));
        }
        // Refuse before changing anything when existing rows would break a constraint.
        for (Map.Entry<ProtectedTable, List<ConstraintDeriver.DerivedCheck>> e : checks.entrySet()) {
            for (ConstraintDeriver.DerivedCheck c : e.getValue()) {
                long bad = Catalogs.count(s.connection, "SELECT COUNT(*) FROM " + s.ref(e.getKey()).quoted(s.dialect)
                        + " WHERE NOT (" + c.condition() + ")");
                if (bad > 0) {
                    throw new FerryException(ErrorCode.VALIDATION_FAILED, bad + " row(s) of protected table '" + e.getKey().name()
                            + "' break the rule constraint " + c.name() + " would enforce; nothing was installed. "
                            + "'ferry protect check' lists them; fix them (or 'ferry doctor --recover') and install again");
                }
            }
        }
        s.createTables();
        removeRegistered();
        List<InstallResult.TableObjects> out = new ArrayList<>();
        for (ProtectedTable t : s.data.tables()) {
            TableRef ref = s.ref(t);
            s.execute(s.sql.installAuditTriggers(ref, t.name(), t.key(), List.copyOf(columns.get(t)), t.jsonColumns()));
            List<String> triggers = s.sql.auditTriggerNames(ref);
            register(TRIGGERS, ref, String.join(",", triggers));
            List<String> names = new ArrayList<>();
            for (ConstraintDeriver.DerivedCheck c : checks.get(t)) {
                s.execute(List.of(s.sql.dropCheck(ref, c.name()), s.sql.addCheck(ref, c.name(), c.condition())));
                register(CHECK, ref, c.name());
                names.add(c.name());
            }
            out.add(new InstallResult.TableObjects(t.name(), triggers, names));
        }
        return out;
    }

    List<InstallResult.TableObjects> uninstall() throws SQLException {
        if (!s.exists(ProtectionSql.OBJECTS)) {
            return List.of();
        }
        List<InstallResult.TableObjects> removed = removeRegistered();
        s.execute(List.of("DROP TABLE " + s.ferryTable(ProtectionSql.OBJECTS)));
        return removed;
    }

    /** Drops every object the register lists and empties it; returns what it dropped, per table. */
    private List<InstallResult.TableObjects> removeRegistered() throws SQLException {
        Map<String, List<String>> triggers = new LinkedHashMap<>();
        Map<String, List<String>> constraints = new LinkedHashMap<>();
        try (PreparedStatement ps = s.connection.prepareStatement("SELECT kind, table_name, object_name FROM "
                + s.ferryTable(ProtectionSql.OBJECTS) + " ORDER BY table_name, kind, object_name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String table = rs.getString(2);
                triggers.computeIfAbsent(table, k -> new ArrayList<>());
                constraints.computeIfAbsent(table, k -> new ArrayList<>());
                if (TRIGGERS.equals(rs.getString(1))) {
                    triggers.get(table).addAll(List.of(rs.getString(3).split(",")));
                } else {
                    constraints.get(table).add(rs.getString(3));
                }
            }
        }
        List<InstallResult.TableObjects> out = new ArrayList<>();
        for (String table : triggers.keySet()) {
            TableRef ref = TableRef.parse(table, s.schema);
            boolean present = s.dialect.tableExists(s.connection, ref.schema(), ref.table());
            if (present) {
                if (!triggers.get(table).isEmpty()) {
                    s.execute(s.sql.dropAuditTriggers(ref));
                }
                for (String c : constraints.get(table)) {
                    s.execute(List.of(s.sql.dropCheck(ref, c)));
                }
            }
            out.add(new InstallResult.TableObjects(table, triggers.get(table), constraints.get(table)));
        }
        s.execute(List.of("DELETE FROM " + s.ferryTable(ProtectionSql.OBJECTS)));
        return out;
    }

    private void register(String kind, TableRef table, String name) throws SQLException {
        try (PreparedStatement ps = s.connection.prepareStatement("INSERT INTO " + s.ferryTable(ProtectionSql.OBJECTS)
                + " (kind, table_name, object_name) VALUES (?, ?, ?)")) {
            ps.setString(1, kind);
            ps.setString(2, table.toString());
            ps.setString(3, name);
            ps.executeUpdate();
        }
    }
}
