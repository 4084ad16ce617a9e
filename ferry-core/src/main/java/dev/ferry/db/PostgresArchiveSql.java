package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** PostgreSQL's backups: exported snapshots, COPY, tables recreated from the catalog. */
final class PostgresArchiveSql implements ArchiveSql {
    private final PostgresDialect d;

    PostgresArchiveSql(PostgresDialect d) {
        this.d = d;
    }

    @Override
    public String beginSnapshot(Connection c) throws SQLException {
        c.setAutoCommit(false); // hand-written: the transaction stays open while other sessions share its snapshot
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            st.execute("SET extra_float_digits = 3");
            try (ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Override
    public void joinSnapshot(Connection c, String snapshotId) throws SQLException {
        c.setAutoCommit(false); // hand-written: the transaction stays open while the caller reads the shared snapshot
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            st.execute("SET TRANSACTION SNAPSHOT " + d.literal(snapshotId));
            st.execute("SET extra_float_digits = 3");
        }
    }

    /**
     * The settings that change COPY's text of values: timestamptz, interval, dates (DateStyle),
     * money (lc_monetary) and floating point (extra_float_digits, set to 3 while a backup reads so
     * every float prints exactly even where a role lowered it).
     */
    private static final List<String> SETTINGS = List.of("TimeZone", "IntervalStyle", "DateStyle", "lc_monetary", "extra_float_digits");

    @Override
    public java.util.Map<String, String> sessionSettings(Connection c) throws SQLException {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String name : SETTINGS) {
            out.put(name, Catalogs.strings(c, "SELECT current_setting(?)", name).get(0));
        }
        return out;
    }

    @Override
    public void restoreSessionSettings(Connection c, java.util.Map<String, String> settings) throws SQLException {
        if (settings == null) {
            return;
        }
        for (String name : SETTINGS) {
            if (settings.get(name) != null) {
                Catalogs.strings(c, "SELECT set_config(?, ?, false)", name, settings.get(name));
            }
        }
    }

    @Override
    public long copyOut(Connection c, TableRef table, List<String> columns, java.io.OutputStream out) throws SQLException, java.io.IOException {
        // COPY cannot read a partitioned table itself; a query over it reads every partition.
        String source = isPartitioned(c, table) ? "(SELECT " + columnList(columns) + " FROM " + table.quoted(d) + ")"
                : table.quoted(d) + " (" + columnList(columns) + ")";
        return c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut("COPY " + source + " TO STDOUT", out);
    }

    @Override
    public long copyIn(Connection c, TableRef table, List<String> columns, java.io.InputStream in) throws SQLException, java.io.IOException {
        // FREEZE is refused on a partitioned table; COPY into it routes each row to its partition.
        return c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn("COPY " + table.quoted(d) + " (" + columnList(columns)
                + ") FROM STDIN" + (isPartitioned(c, table) ? "" : " WITH (FREEZE)"), in, 1 << 16);
    }

    @Override
    public boolean hashesRows(Connection c) throws SQLException {
        return d.hashing().hashesUtf8(c);
    }

    /**
     * Built-in types whose output never holds a backslash or a control character and whose cast to
     * text is their output function, so their text goes into the line as it is. Every other type
     * goes through {@code format('%s', ...)}, which calls the type's output function (a cast to
     * text would not: boolean gives {@code true}, inet adds its netmask, character(n) drops its
     * padding), and is escaped.
     */
    private static final java.util.Set<String> PLAIN_TEXT = java.util.Set.of("int2", "int4", "int8", "numeric", "float4", "float8",
            "date", "time", "timestamp", "timestamptz", "uuid", "oid");

    @Override
    public RowsHashForm rowsHashForm(Connection c, TableRef table, List<String> columns) throws SQLException {
        java.util.Map<String, String> types = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, CASE WHEN t.typnamespace = 'pg_catalog'::regnamespace "
                + "THEN t.typname END FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                + "WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped")) {
            ps.setString(1, table.quoted(d));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<String> fields = new ArrayList<>();
        boolean[] lengthPrefixed = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            String type = types.get(columns.get(i));
            String q = d.quote(columns.get(i));
            lengthPrefixed[i] = type != null && (type.equals("text") || type.equals("varchar"));
            // format() prints NULL as ''; num_nulls, unlike IS NULL, does not take a composite of NULL fields for NULL.
            fields.add(lengthPrefixed[i] ? "coalesce(octet_length(" + q + ") || ':' || " + q + ", E'\\\\N')"
                    : type != null && PLAIN_TEXT.contains(type) ? "coalesce(" + q + "::text, E'\\\\N')"
                    : "CASE WHEN num_nulls(" + q + ") = 1 THEN E'\\\\N' ELSE " + copyEscaped("format('%s', " + q + ")") + " END");
        }
        String line = fields.isEmpty() ? "''" : "concat_ws(E'\\t', " + String.join(", ", fields) + ")";
        String from = (isPartitioned(c, table) ? "" : "ONLY ") + table.quoted(d);
        return new RowsHashForm(seed -> "SELECT count(*), sum(hashtextextended((" + line + ") COLLATE \"C\", CAST(" + seed + " AS bigint))) FROM "
                + from, lengthPrefixed);
    }

    /** COPY text's escapes: a backslash doubled; backspace, form feed, newline, return, tab and vertical tab as a backslash and a letter. */
    private static String copyEscaped(String text) {
        String out = "replace(" + text + ", E'\\\\', E'\\\\\\\\')";
        String[][] controls = {{"E'\\b'", "E'\\\\b'"}, {"E'\\f'", "E'\\\\f'"}, {"E'\\n'", "E'\\\\n'"},
            {"E'\\r'", "E'\\\\r'"}, {"E'\\t'", "E'\\\\t'"}, {"chr(11)", "E'\\\\v'"}};
        for (String[] c : controls) {
            out = "replace(" + out + ", " + c[0] + ", " + c[1] + ")";
        }
        return out;
    }

    @Override
    public List<String> partitions(Connection c, String schema) throws SQLException {
        return Catalogs.strings(c, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relispartition ORDER BY 1", schema);
    }

    @Override
    public boolean isPartitioned(Connection c, TableRef table) throws SQLException {
        return !Catalogs.strings(c, "SELECT 1 FROM pg_class WHERE oid = ?::regclass AND relkind = 'p'", table.quoted(d)).isEmpty();
    }

    /**
     * The partitions below a partitioned table, parents before children, each created as a
     * partition of its parent with its bound (and its own partition key when it is partitioned too).
     */
    private List<String> partitionsOf(Connection c, TableRef table) throws SQLException {
        List<String> out = new ArrayList<>();
        String sql = "SELECT c.relname, p.relname, pg_get_expr(c.relpartbound, c.oid), "
                + "CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END FROM pg_partition_tree(?::regclass) t "
                + "JOIN pg_class c ON c.oid = t.relid JOIN pg_class p ON p.oid = t.parentrelid ORDER BY t.level, c.relname";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.quoted(d));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add("CREATE TABLE " + d.quote(rs.getString(1)) + " PARTITION OF " + d.quote(rs.getString(2)) + " " + rs.getString(3)
                            + (rs.getString(4) == null ? "" : " PARTITION BY " + rs.getString(4)));
                }
            }
        }
        return out;
    }

    private String columnList(List<String> columns) {
        return String.join(", ", columns.stream().map(d::quote).toList());
    }

    private static final Pattern NEXTVAL = Pattern.compile("nextval\\('([^']+)'::regclass\\)");

    @Override
    public TableDefinition tableDefinition(Connection c, TableRef table) throws SQLException {
        String t = table.quoted(d);
        String name = d.quote(table.table());
        List<String> create = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        List<String> owned = new ArrayList<>();
        String sql = "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid), "
                + "a.attidentity, a.attgenerated FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                + "WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, t);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StringBuilder col = new StringBuilder(d.quote(rs.getString(1))).append(' ').append(rs.getString(2));
                    String def = rs.getString(4);
                    String identity = rs.getString(5);
                    String generated = rs.getString(6);
                    if (identity != null && !identity.isEmpty()) {
                        col.append(identity.equals("a") ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY");
                    } else if (generated != null && generated.equals("s")) {
                        col.append(" GENERATED ALWAYS AS (").append(def).append(") STORED");
                    } else if (def != null) {
                        java.util.regex.Matcher m = NEXTVAL.matcher(def);
                        if (m.find()) {
                            create.add("CREATE SEQUENCE IF NOT EXISTS " + m.group(1));
                            owned.add("ALTER SEQUENCE " + m.group(1) + " OWNED BY " + name + "." + d.quote(rs.getString(1)));
                        }
                        col.append(" DEFAULT ").append(def);
                    }
                    if (rs.getBoolean(3)) {
                        col.append(" NOT NULL");
                    }
                    columns.add(col.toString());
                }
            }
        }
        // Checks go into the table; keys backed by an index are added after the load, as pg_restore
        // does, so their index is built once instead of kept up row by row.
        List<String> indexes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
                + "WHERE conrelid = ?::regclass AND contype IN ('p', 'u', 'c', 'x') ORDER BY contype DESC, conname")) {
            ps.setString(1, t);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String constraint = "CONSTRAINT " + d.quote(rs.getString(1)) + " " + rs.getString(2);
                    if (rs.getString(3).equals("c")) {
                        columns.add(constraint);
                    } else {
                        indexes.add("ALTER TABLE " + name + " ADD " + constraint);
                    }
                }
            }
        }
        boolean partitioned = isPartitioned(c, table);
        String partitionKey = partitioned ? " PARTITION BY " + Catalogs.strings(c, "SELECT pg_get_partkeydef(?::regclass)", t).get(0) : "";
        create.add("CREATE TABLE " + name + " (" + String.join(", ", columns) + ")" + partitionKey);
        create.addAll(owned);
        if (partitioned) {
            create.addAll(partitionsOf(c, table));
        }
        List<String> foreignKeys = new ArrayList<>();
        for (DeferrableObject o : d.transfer().deferrableObjects(c, table)) {
            if (o.isIndex()) {
                // The catalog prints a partitioned table's index ON ONLY; without ONLY it is built on every partition.
                indexes.add(partitioned ? o.createSql().replaceFirst(" ON ONLY ", " ON ") : o.createSql());
            } else {
                foreignKeys.add(o.createSql().replace("ALTER TABLE " + t + " ", "ALTER TABLE " + name + " "));
            }
        }
        return new TableDefinition(create, indexes, foreignKeys);
    }

    @Override
    public ObjectDefinitions objectDefinitions(Connection c, String schema, List<String> tables, boolean wholeSchema) throws SQLException {
        return new PostgresArchiveObjects(d).read(c, schema, tables, wholeSchema);
    }

    @Override
    public void beforeCreatingObjects(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET check_function_bodies = false"); // a routine created before the tables may name them, as pg_restore allows
        }
    }

    @Override
    public boolean transactionalDdl() {
        return true;
    }

    /**
     * A restore's rollback removes what it created; only a parallel load commits the objects the
     * tables need before the rows are in, and drops them again when it fails. Extensions are never
     * dropped (one may have been installed before, in another schema), nor what is created after
     * the rows (it is never committed before the end).
     */
    @Override
    public String dropObject(ObjectDefinition object) {
        String q = d.quote(object.name());
        return switch (object.kind()) {
            case "enum", "composite type", "range type" -> "DROP TYPE IF EXISTS " + q + " CASCADE";
            case "domain" -> "DROP DOMAIN IF EXISTS " + q + " CASCADE";
            case "sequence" -> "DROP SEQUENCE IF EXISTS " + q + " CASCADE";
            case "function", "procedure" -> {
                int args = object.name().indexOf('(');
                yield "DROP " + object.kind().toUpperCase(java.util.Locale.ROOT) + " IF EXISTS "
                        + d.quote(object.name().substring(0, args)) + object.name().substring(args) + " CASCADE";
            }
            default -> null;
        };
    }

    @Override
    public List<String> emptyTables(Connection c, List<TableRef> tables) throws SQLException {
        // ONLY: a parent's TRUNCATE would empty its inheritance children too. A partitioned table
        // refuses ONLY; its rows are its partitions'.
        List<String> names = new ArrayList<>();
        for (TableRef t : tables) {
            names.add((isPartitioned(c, t) ? "" : "ONLY ") + t.quoted(d));
        }
        return names.isEmpty() ? List.of() : List.of("TRUNCATE " + String.join(", ", names));
    }

    @Override
    public boolean canSuspendForeignKeyChecks() {
        return false;
    }

    @Override
    public void foreignKeyChecks(Connection c, boolean enabled) {
        throw new UnsupportedOperationException("PostgreSQL cannot switch foreign-key checks off for a session");
    }

    @Override
    public java.util.Map<String, String> danglingReferenceQueries(Connection c, List<TableRef> tables) {
        return java.util.Map.of();
    }

    /** PostgreSQL (up to 17 at least) adds no foreign key {@code NOT VALID} to a partitioned table: there it is added checked. */
    @Override
    public String addForeignKeyUnchecked(Connection c, TableRef table, String addForeignKey) throws SQLException {
        TransferSql.TablesBelow below = d.transfer().tablesBelow(c, table);
        if (below != null && below.partitions()) {
            return null;
        }
        // A key the source itself held NOT VALID stays so: it is not checked afterwards either.
        return addForeignKey.stripTrailing().endsWith(" NOT VALID") ? addForeignKey : addForeignKey + " NOT VALID";
    }

    @Override
    public java.util.Map<TableRef, List<String>> uncheckedForeignKeys(Connection c, List<TableRef> tables) throws SQLException {
        java.util.Map<TableRef, List<String>> out = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, r.relname, format('ALTER TABLE %I.%I VALIDATE CONSTRAINT %I', "
                + "n.nspname, r.relname, k.conname) FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid "
                + "JOIN pg_namespace n ON n.oid = r.relnamespace WHERE k.contype = 'f' AND NOT k.convalidated "
                + "AND (n.nspname, r.relname) IN (SELECT * FROM unnest(?::text[], ?::text[])) ORDER BY n.nspname, r.relname, k.conname")) {
            ps.setArray(1, c.createArrayOf("text", tables.stream().map(TableRef::schema).toArray()));
            ps.setArray(2, c.createArrayOf("text", tables.stream().map(TableRef::table).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(new TableRef(rs.getString(1), rs.getString(2)), t -> new ArrayList<>()).add(rs.getString(3));
                }
            }
        }
        return out;
    }

    @Override
    public String dropSchema(String schema) {
        return "DROP SCHEMA IF EXISTS " + d.quote(schema) + " CASCADE";
    }

    @Override
    public void resetSequences(Connection c, TableRef table) throws SQLException {
        String t = table.quoted(d);
        List<String[]> sequences = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, pg_get_serial_sequence(?, a.attname) FROM pg_attribute a "
                + "WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped")) {
            ps.setString(1, t);
            ps.setString(2, t);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2) != null) {
                        sequences.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String[] s : sequences) {
                st.execute("SELECT setval(" + d.literal(s[1]) + ", COALESCE(MAX(" + d.quote(s[0]) + "), 0) + 1, false) FROM " + t);
            }
        }
    }

    @Override
    public long tableBytes(Connection c, List<String> schemas) throws SQLException {
        String sql = "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = ANY (?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
