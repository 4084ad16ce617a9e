package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * The SQL of protected data that differs between databases: Ferry's audit and snapshot tables,
 * the audit triggers, JSON expressions for CHECK constraints, and how a session marks its changes
 * so that the triggers record who (or which Ferry run) made them.
 */
public interface ProtectionSql {
    String AUDIT_TABLE = "ferry_audit";
    String SNAPSHOTS = "ferry_protected_snapshots";
    String SNAPSHOT_ROWS = "ferry_protected_snapshot_rows";
    String OBJECTS = "ferry_protection_objects";

    /**
     * DDL for {@code ferry_audit}, the snapshot tables and the register of installed objects, each
     * IF NOT EXISTS.
     */
    List<String> createTables(String schema);

    /**
     * Statements that (re)create the audit trigger(s) of one table, dropping earlier ones first.
     *
     * @param label the table's name as declared, written into every audit row
     * @param columns all columns of the table, in order
     * @param jsonColumns columns that hold JSON documents (kept as JSON, not as quoted text)
     */
    List<String> installAuditTriggers(TableRef table, String label, List<String> keyColumns, List<String> columns,
                                      Set<String> jsonColumns);

    /**
     * The table's audit triggers that exist but differ from what {@link #installAuditTriggers} would
     * create for the table's columns now: made before a column was dropped, renamed or added, they
     * record the wrong columns or (MariaDB) make every write to the table fail.
     */
    List<String> staleAuditTriggers(Connection c, TableRef table, String label, List<String> keyColumns, List<String> columns,
                                    Set<String> jsonColumns) throws SQLException;

    /** Statements dropping what {@link #installAuditTriggers} created; harmless when it is gone. */
    List<String> dropAuditTriggers(TableRef table);

    /** The names of the triggers {@link #installAuditTriggers} creates on the table. */
    List<String> auditTriggerNames(TableRef table);

    /** The names of the triggers the database holds on the table. */
    List<String> triggersOn(Connection c, TableRef table) throws SQLException;

    /** An SQL expression: the JSON value at {@code path} in {@code column} as text, NULL when absent. */
    String jsonText(String column, List<String> path);

    /** An SQL condition: {@code column} holds a JSON object. */
    String jsonIsObject(String column);

    /** The database this SQL is written for. */
    Dialect dialect();

    default String addCheck(TableRef table, String name, String condition) {
        Dialect d = dialect();
        return "ALTER TABLE " + table.quoted(d) + " ADD CONSTRAINT " + d.quote(name) + " CHECK (" + condition + ")";
    }

    default String dropCheck(TableRef table, String name) {
        Dialect d = dialect();
        return "ALTER TABLE " + table.quoted(d) + " DROP CONSTRAINT IF EXISTS " + d.quote(name);
    }

    /** The longest identifier the database accepts. */
    default int maxIdentifierLength() {
        return dialect().maxIdentifierLength();
    }

    /** From now on (PostgreSQL: until the transaction ends) the audit trail records changes as made by {@code changedBy}. */
    void markChanges(Connection c, String changedBy) throws SQLException;

    /** Ends {@link #markChanges}. */
    void unmarkChanges(Connection c) throws SQLException;
}
