package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MariaDB's transfer state tables, deferrable objects and statistics. */
final class MariaDbTransferSql implements TransferSql {
    /** As in "Column 'x' cannot be null", "Data too long for column 'x'" and "FOREIGN KEY (`x`) REFERENCES". */
    private static final Pattern COLUMN = Pattern.compile("(?i)column '([^']+)'|FOREIGN KEY \\(([^)]+)\\)");
    private final MariaDbDialect d;

    MariaDbTransferSql(MariaDbDialect d) {
        this.d = d;
    }

    @Override
    public List<String> transferStateTables(String schema) {
        return StateTableDdl.MARIADB.transferStateTables(d.quote(schema) + ".");
    }

    @Override
    public List<DeferrableObject> deferrableObjects(Connection c, TableRef table) throws SQLException {
        List<DeferrableObject> out = new ArrayList<>();
        String t = table.quoted(d);
        String fkSql = "SELECT k.CONSTRAINT_NAME, GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION), k.REFERENCED_TABLE_SCHEMA, "
                + "k.REFERENCED_TABLE_NAME, GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION), r.UPDATE_RULE, r.DELETE_RULE "
                + "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
                + "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME "
                + "WHERE k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL "
                + "GROUP BY k.CONSTRAINT_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, r.UPDATE_RULE, r.DELETE_RULE ORDER BY 1";
        try (PreparedStatement ps = c.prepareStatement(fkSql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String create = "ALTER TABLE " + t + " ADD CONSTRAINT " + d.quote(name) + " FOREIGN KEY (" + quoteList(rs.getString(2))
                            + ") REFERENCES " + d.quote(rs.getString(3)) + "." + d.quote(rs.getString(4)) + " (" + quoteList(rs.getString(5))
                            + ") ON UPDATE " + rs.getString(6) + " ON DELETE " + rs.getString(7);
                    out.add(new DeferrableObject(DeferrableObject.FOREIGN_KEY, name, "ALTER TABLE " + t + " DROP FOREIGN KEY " + d.quote(name), create));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT INDEX_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) "
                + "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 1 "
                + "GROUP BY INDEX_NAME ORDER BY 1")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    out.add(new DeferrableObject(DeferrableObject.INDEX, name, "DROP INDEX " + d.quote(name) + " ON " + t,
                            "CREATE INDEX " + d.quote(name) + " ON " + t + " (" + quoteList(rs.getString(2)) + ")"));
                }
            }
        }
        return out;
    }

    private String quoteList(String commaSeparated) {
        return String.join(", ", java.util.Arrays.stream(commaSeparated.split(",")).map(d::quote).toList());
    }

    @Override
    public boolean exists(Connection c, TableRef table, DeferrableObject o) throws SQLException {
        String sql = o.isIndex()
                ? "SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = ?"
                : "SELECT 1 FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            ps.setString(3, o.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public long tableBytes(Connection c, TableRef table) throws SQLException {
        return d.tableStatistic(c, table, "DATA_LENGTH");
    }

    @Override
    public String analyze(String table) {
        return "ANALYZE TABLE " + table;
    }

    /**
     * MariaDB reports every integrity violation as SQLState 23000; its error code tells them apart
     * (1451/1452: a parent row missing or still referenced, 1062/1586: a duplicate key).
     */
    @Override
    public Violation violation(SQLException e) {
        return switch (e.getErrorCode()) {
            case 1451, 1452, 1216, 1217 -> Violation.FOREIGN_KEY;
            case 1062, 1586 -> Violation.UNIQUE;
            default -> Violation.OTHER;
        };
    }

    /** MariaDB names the column only in its message text. */
    @Override
    public String failingColumn(SQLException e) {
        Matcher m = COLUMN.matcher(e.getMessage() == null ? "" : e.getMessage());
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2).replace("`", "");
    }
}
