package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL's in-database table copies. */
final class PostgresTableCopySql implements TableCopySql {
    private final PostgresDialect d;

    PostgresTableCopySql(PostgresDialect d) {
        this.d = d;
    }

    @Override
    public String createTableLike(String table, String like) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (LIKE " + like + ")";
    }

    @Override
    public String snapshotStateTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + d.quote(schema) + ".ferry_snapshots (snapshot_id VARCHAR(60) NOT NULL, "
                + "source_schema VARCHAR(128) NOT NULL, source_table VARCHAR(128) NOT NULL, copy_table VARCHAR(128) NOT NULL, "
                + "row_count BIGINT, created_at TIMESTAMPTZ NOT NULL, created_by VARCHAR(100), reason VARCHAR(400), "
                + "PRIMARY KEY (snapshot_id, source_schema, source_table))";
    }

    @Override
    public String insertSelect(String table, String columns, String select) {
        // OVERRIDING SYSTEM VALUE lets identity columns take the copied keys; it is a no-op elsewhere.
        return "INSERT INTO " + table + " (" + columns + ") OVERRIDING SYSTEM VALUE " + select;
    }

    @Override
    public void keepExplicitKeys(Connection c) {
        // Explicit values always land as given; identity columns take them with OVERRIDING SYSTEM VALUE.
    }

    @Override
    public boolean canPauseUserTriggers() {
        return true;
    }

    /**
     * {@code ALTER TABLE ... DISABLE TRIGGER} per trigger, on the table and its partitions, inside
     * the transaction. Chosen over {@code session_replication_role = replica}, which needs a
     * superuser and would also silence foreign-key checks and Ferry's audit triggers; this needs
     * only the table's owner, as the restore's index and key rebuild already does.
     */
    @Override
    public List<String> pauseUserTriggers(Connection c, TableRef table) throws SQLException {
        List<String> audit = d.protection().auditTriggerNames(table);
        List<String[]> found = new ArrayList<>();
        String sql = "SELECT format('%I.%I', n.nspname, r.relname), t.tgname, t.tgenabled FROM pg_trigger t "
                + "JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace "
                + "WHERE t.tgrelid IN (SELECT ?::regclass UNION SELECT relid FROM pg_partition_tree(?::regclass)) "
                + "AND NOT t.tgisinternal AND t.tgenabled IN ('O', 'A') ORDER BY 1, 2";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.quoted(d));
            ps.setString(2, table.quoted(d));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!audit.contains(rs.getString(2))) {
                        found.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                    }
                }
            }
        }
        List<String> resume = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (String[] t : found) {
                st.execute("ALTER TABLE " + t[0] + " DISABLE TRIGGER " + d.quote(t[1]));
                resume.add("ALTER TABLE " + t[0] + " ENABLE " + (t[2].equals("A") ? "ALWAYS " : "") + "TRIGGER " + d.quote(t[1]));
            }
        }
        return resume;
    }
}
