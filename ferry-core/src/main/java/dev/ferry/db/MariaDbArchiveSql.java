package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** MariaDB's backups: one session's snapshot, rows as COPY text, SHOW CREATE TABLE. */
final class MariaDbArchiveSql implements ArchiveSql {
    private final MariaDbDialect d;

    MariaDbArchiveSql(MariaDbDialect d) {
        this.d = d;
    }

    @Override
    public String beginSnapshot(Connection c) throws SQLException {
        c.setAutoCommit(false); // hand-written: the transaction stays open while other sessions share its snapshot
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            // TIMESTAMP values read in UTC: in a zone with daylight saving, an hour of local times repeats.
            st.execute("SET SESSION time_zone = '+00:00'");
            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        }
        // A MariaDB snapshot belongs to one session; other sessions cannot join it.
        return null;
    }

    @Override
    public void joinSnapshot(Connection c, String snapshotId) {
        throw new UnsupportedOperationException("MariaDB cannot share a snapshot between sessions");
    }

    @Override
    public java.util.Map<String, String> sessionSettings(Connection c) throws SQLException {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@SESSION.sql_mode, @@SESSION.time_zone")) {
            rs.next();
            out.put("sql_mode", rs.getString(1));
            out.put("time_zone", rs.getString(2));
        }
        return out;
    }

    /** Modes that refuse or alter a value the database itself stored earlier under a more lenient mode. */
    private static final java.util.Set<String> REFUSING_MODES = java.util.Set.of("STRICT_TRANS_TABLES", "STRICT_ALL_TABLES",
            "NO_ZERO_DATE", "NO_ZERO_IN_DATE");

    /**
     * The archived {@code sql_mode} without the modes that refuse stored values (an ENUM '' or a
     * zero date written under a lenient mode loads again; any value the database would change on
     * the way in is caught by the restore's content check instead), with
     * {@code NO_AUTO_VALUE_ON_ZERO}, without which an AUTO_INCREMENT key 0 is renumbered; and the
     * archived {@code time_zone}, without which TIMESTAMP values would shift.
     */
    @Override
    public void restoreSessionSettings(Connection c, java.util.Map<String, String> settings) throws SQLException {
        if (settings != null && settings.get("sql_mode") != null) {
            String mode = String.join(",", java.util.Arrays.stream(settings.get("sql_mode").split(","))
                    .filter(m -> !m.isBlank() && !REFUSING_MODES.contains(m.strip().toUpperCase(java.util.Locale.ROOT))).toList());
            try (PreparedStatement ps = c.prepareStatement("SET SESSION sql_mode = ?")) {
                ps.setString(1, mode);
                ps.execute();
            }
        }
        d.tableCopies().keepExplicitKeys(c);
        if (settings != null && settings.get("time_zone") != null) {
            try (PreparedStatement ps = c.prepareStatement("SET SESSION time_zone = ?")) {
                ps.setString(1, settings.get("time_zone"));
                ps.execute();
            }
        }
    }

    /**
     * Streams rows as COPY text. Columns whose text is not exact travel in another form: BINARY,
     * VARBINARY, the BLOBs, BIT and the spatial types as their stored bytes in {@link BinaryText}'s
     * hex form (bytes that are not UTF-8 survive, a geometry keeps its SRID), FLOAT as the DOUBLE
     * it widens to exactly (MariaDB prints a FLOAT with six digits, which would round it).
     */
    @Override
    public long copyOut(Connection c, TableRef table, List<String> columns, java.io.OutputStream out) throws SQLException, java.io.IOException {
        java.util.Map<String, ColumnInfo> byName = columnsByName(c, table);
        List<String> select = new ArrayList<>();
        boolean[] bytes = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            ColumnInfo ci = byName.get(columns.get(i));
            String q = d.quote(columns.get(i));
            bytes[i] = ci != null && ci.holdsBytes();
            select.add(ci != null && ci.type().equals("float") ? "CAST(" + q + " AS DOUBLE)" : q);
        }
        String sql = "SELECT " + String.join(", ", select) + " FROM " + table.quoted(d);
        long rows = 0;
        java.io.Writer w = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder line = new StringBuilder(256);
        try (Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            st.setFetchSize(4096);
            try (ResultSet rs = st.executeQuery(sql)) {
                int n = columns.size();
                while (rs.next()) {
                    line.setLength(0);
                    for (int i = 1; i <= n; i++) {
                        if (i > 1) {
                            line.append('\t');
                        }
                        CopyText.append(line, bytes[i - 1] ? BinaryText.of(rs.getBytes(i)) : rs.getString(i));
                    }
                    line.append('\n');
                    w.append(line);
                    rows++;
                }
            }
        }
        w.flush();
        return rows;
    }

    private static java.util.Map<String, ColumnInfo> columnsByName(Connection c, TableRef table) throws SQLException {
        java.util.Map<String, ColumnInfo> byName = new java.util.HashMap<>();
        for (ColumnInfo ci : Catalogs.columns(c, table)) {
            byName.put(ci.name(), ci);
        }
        return byName;
    }

    @Override
    public long copyIn(Connection c, TableRef table, List<String> columns, java.io.InputStream in) throws SQLException, java.io.IOException {
        java.util.Map<String, ColumnInfo> byName = columnsByName(c, table);
        List<ColumnInfo> infos = new ArrayList<>();
        for (String name : columns) {
            ColumnInfo ci = byName.get(name);
            if (ci == null) {
                throw new SQLException("column " + name + " of the backup is missing from " + table, "42S22");
            }
            infos.add(ci);
        }
        BulkWriter writer = d.bulkWriter(c, table, infos);
        CopyText.Reader reader = new CopyText.Reader(in, columns.size());
        List<String[]> batch = new ArrayList<>(MariaDbInsertWriter.ROWS_PER_STATEMENT * 4);
        long rows = 0;
        for (String[] row = reader.next(); row != null; row = reader.next()) {
            batch.add(row);
            rows++;
            if (batch.size() == MariaDbInsertWriter.ROWS_PER_STATEMENT * 4) {
                writer.write(batch);
                batch.clear();
            }
        }
        writer.write(batch);
        return rows;
    }

    @Override
    public List<String> partitions(Connection c, String schema) {
        // A partitioned MariaDB table is one table; its partitions are not tables of their own.
        return List.of();
    }

    @Override
    public boolean isPartitioned(Connection c, TableRef table) {
        return false;
    }

    @Override
    public TableDefinition tableDefinition(Connection c, TableRef table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + table.quoted(d))) {
            rs.next();
            // Indexes and foreign keys are part of MariaDB's CREATE TABLE; tables they name may come later
            // because the restore runs with foreign-key checks off. A default drawing from a sequence names
            // its database, which is taken out so the restored table uses the sequence of its own database.
            return new TableDefinition(List.of(rs.getString(2).replace(d.quote(table.schema()) + ".", "")), List.of(), List.of());
        }
    }

    @Override
    public ObjectDefinitions objectDefinitions(Connection c, String schema, List<String> tables, boolean wholeSchema) throws SQLException {
        return new MariaDbArchiveObjects(d).read(c, schema, tables, wholeSchema);
    }

    @Override
    public void beforeCreatingObjects(Connection c) {
        // MariaDB checks neither routine nor trigger bodies when they are created.
    }

    @Override
    public boolean hashesRows(Connection c) {
        return false; // no hashtextextended: a restore reads the rows back instead
    }

    @Override
    public RowsHashForm rowsHashForm(Connection c, TableRef table, List<String> columns) {
        throw new UnsupportedOperationException("MariaDB cannot hash rows as PostgreSQL's hashtextextended does");
    }

    @Override
    public boolean transactionalDdl() {
        return false;
    }

    @Override
    public String dropObject(ObjectDefinition object) {
        return new MariaDbArchiveObjects(d).drop(object);
    }

    @Override
    public List<String> emptyTables(Connection c, List<TableRef> tables) {
        // DELETE rather than TRUNCATE: TRUNCATE commits at once, DELETE stays in the restore's transaction.
        return tables.stream().map(t -> "DELETE FROM " + t.quoted(d)).toList();
    }

    @Override
    public boolean canSuspendForeignKeyChecks() {
        return true;
    }

    @Override
    public void foreignKeyChecks(Connection c, boolean enabled) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET FOREIGN_KEY_CHECKS = " + (enabled ? 1 : 0));
        }
    }

    @Override
    public java.util.Map<String, String> danglingReferenceQueries(Connection c, List<TableRef> tables) throws SQLException {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (TableRef t : tables) {
            names.add(t.schema() + "." + t.table());
        }
        String sql = "SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, "
                + "REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_NAME IS NOT NULL "
                + "AND TABLE_SCHEMA IN (" + String.join(", ", java.util.Collections.nCopies(tables.size(), "?")) + ") "
                + "ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION";
        java.util.Map<String, String[]> keys = new java.util.LinkedHashMap<>();
        java.util.Map<String, List<String[]>> pairs = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < tables.size(); i++) {
                ps.setString(i + 1, tables.get(i).schema());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String child = rs.getString(1) + "." + rs.getString(2);
                    String parent = rs.getString(5) + "." + rs.getString(6);
                    if (names.contains(child) || names.contains(parent)) {
                        String key = child + "." + rs.getString(3);
                        keys.putIfAbsent(key, new String[] {rs.getString(1), rs.getString(2), rs.getString(5), rs.getString(6)});
                        pairs.computeIfAbsent(key, k -> new ArrayList<>()).add(new String[] {rs.getString(4), rs.getString(7)});
                    }
                }
            }
        }
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (java.util.Map.Entry<String, String[]> e : keys.entrySet()) {
            String[] k = e.getValue();
            List<String> present = new ArrayList<>();
            List<String> match = new ArrayList<>();
            for (String[] p : pairs.get(e.getKey())) {
                present.add("c." + d.quote(p[0]) + " IS NOT NULL");
                match.add("p." + d.quote(p[1]) + " = c." + d.quote(p[0]));
            }
            // MATCH SIMPLE, as InnoDB checks it: a key with a NULL column refers to nothing.
            out.put(k[1] + "." + e.getKey().substring(e.getKey().lastIndexOf('.') + 1), "SELECT COUNT(*) FROM "
                    + new TableRef(k[0], k[1]).quoted(d) + " c WHERE " + String.join(" AND ", present) + " AND NOT EXISTS (SELECT 1 FROM "
                    + new TableRef(k[2], k[3]).quoted(d) + " p WHERE " + String.join(" AND ", match) + ")");
        }
        return out;
    }

    @Override
    public String dropSchema(String schema) {
        return "DROP DATABASE IF EXISTS " + d.quote(schema);
    }

    @Override
    public void resetSequences(Connection c, TableRef table) {
        // InnoDB moves AUTO_INCREMENT past every explicit value inserted.
    }

    @Override
    public long tableBytes(Connection c, List<String> schemas) throws SQLException {
        String marks = String.join(", ", java.util.Collections.nCopies(schemas.size(), "?"));
        String sql = "SELECT COALESCE(SUM(data_length), 0) FROM information_schema.tables "
                + "WHERE table_type = 'BASE TABLE' AND table_schema IN (" + marks + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < schemas.size(); i++) {
                ps.setString(i + 1, schemas.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
