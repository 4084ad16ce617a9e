package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** PostgreSQL's transfer state tables, deferrable objects and statistics. */
final class PostgresTransferSql implements TransferSql {
    private static final Pattern DETAIL_KEY = Pattern.compile("^Key \\(([^)]+)\\)=");
    private static final Pattern COPY_COLUMN = Pattern.compile("^COPY [^,]+, line \\d+, column ([^:]+):");
    private final PostgresDialect d;

    PostgresTransferSql(PostgresDialect d) {
        this.d = d;
    }

    @Override
    public List<String> transferStateTables(String schema) {
        return StateTableDdl.POSTGRES.transferStateTables(d.quote(schema) + ".");
    }

    @Override
    public TablesBelow tablesBelow(Connection c, TableRef table) throws SQLException {
        List<String> below = Catalogs.strings(c, "SELECT p.relkind::text || ' ' || string_agg(i.inhrelid::regclass::text, ', ' "
                + "ORDER BY i.inhrelid::regclass::text) FROM pg_class p JOIN pg_inherits i ON i.inhparent = p.oid "
                + "WHERE p.oid = to_regclass(?) GROUP BY p.relkind", table.quoted(d));
        return below.isEmpty() ? null : new TablesBelow(below.get(0).charAt(0) == 'p', below.get(0).substring(2));
    }

    @Override
    public List<DeferrableObject> deferrableObjects(Connection c, TableRef table) throws SQLException {
        List<DeferrableObject> out = new ArrayList<>();
        String t = table.quoted(d);
        try (PreparedStatement ps = c.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE conrelid = ?::regclass AND contype = 'f' ORDER BY conname")) {
            ps.setString(1, t);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    out.add(new DeferrableObject(DeferrableObject.FOREIGN_KEY, name, "ALTER TABLE " + t + " DROP CONSTRAINT " + d.quote(name),
                            "ALTER TABLE " + t + " ADD CONSTRAINT " + d.quote(name) + " " + rs.getString(2)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ic.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                + "JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = ?::regclass AND NOT i.indisprimary "
                + "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY 1")) {
            ps.setString(1, t);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    out.add(new DeferrableObject(DeferrableObject.INDEX, name, "DROP INDEX " + d.quote(table.schema()) + "." + d.quote(name),
                            rs.getString(2)));
                }
            }
        }
        return out;
    }

    @Override
    public DeferrableObject deferrablePrimaryKey(Connection c, TableRef table, List<String> columns) throws SQLException {
        String t = table.quoted(d);
        try (PreparedStatement ps = c.prepareStatement("SELECT k.conname, pg_get_constraintdef(k.oid), "
                + "ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o) JOIN pg_attribute a "
                + "ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o)::text[], "
                + "EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = k.conrelid), "
                + "EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = k.conrelid OR i.inhparent = k.conrelid) "
                + "FROM pg_constraint k WHERE k.conrelid = ?::regclass AND k.contype = 'p'")) {
            ps.setString(1, t);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getBoolean(4) || rs.getBoolean(5)) {
                    return null;
                }
                List<String> keyColumns = List.of((String[]) rs.getArray(3).getArray());
                if (!keyColumns.stream().map(k -> k.toLowerCase(java.util.Locale.ROOT)).toList()
                        .equals(columns.stream().map(k -> k.toLowerCase(java.util.Locale.ROOT)).toList())) {
                    return null;
                }
                String name = rs.getString(1);
                return new DeferrableObject(DeferrableObject.PRIMARY_KEY, name, "ALTER TABLE " + t + " DROP CONSTRAINT " + d.quote(name),
                        "ALTER TABLE " + t + " ADD CONSTRAINT " + d.quote(name) + " " + rs.getString(2));
            }
        }
    }

    @Override
    public boolean exists(Connection c, TableRef table, DeferrableObject o) throws SQLException {
        String sql = o.isIndex()
                ? "SELECT 1 FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = ?::regclass AND ic.relname = ?"
                : "SELECT 1 FROM pg_constraint WHERE conrelid = ?::regclass AND conname = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.quoted(d));
            ps.setString(2, o.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public String addForeignKeyUnchecked(Connection c, TableRef table, DeferrableObject foreignKey) throws SQLException {
        return d.archive().addForeignKeyUnchecked(c, table, foreignKey.createSql());
    }

    @Override
    public String checkForeignKey(TableRef table, DeferrableObject foreignKey) {
        return "ALTER TABLE " + table.quoted(d) + " VALIDATE CONSTRAINT " + d.quote(foreignKey.name());
    }

    @Override
    public long tableBytes(Connection c, TableRef table) throws SQLException {
        return d.sumOverTree(c, table, "pg_relation_size(c.oid)");
    }

    @Override
    public String analyze(String table) {
        return "ANALYZE " + table;
    }

    /** PostgreSQL names each violation by its own SQLState. */
    @Override
    public Violation violation(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return switch (state) {
            case "23503" -> Violation.FOREIGN_KEY;
            case "23505" -> Violation.UNIQUE;
            default -> Violation.OTHER;
        };
    }

    /** The error's column field (a NULL), else the key its detail names, else the column a COPY line was cut at. */
    @Override
    public String failingColumn(SQLException e) {
        if (!(e instanceof PSQLException p) || p.getServerErrorMessage() == null) {
            return null;
        }
        ServerErrorMessage m = p.getServerErrorMessage();
        if (m.getColumn() != null) {
            return m.getColumn();
        }
        Matcher key = m.getDetail() == null ? null : DETAIL_KEY.matcher(m.getDetail());
        if (key != null && key.find()) {
            return key.group(1);
        }
        Matcher copy = m.getWhere() == null ? null : COPY_COLUMN.matcher(m.getWhere());
        return copy != null && copy.find() ? copy.group(1) : null;
    }
}
