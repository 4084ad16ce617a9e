package dev.ferry.migration;

import dev.ferry.FerryException;
import dev.ferry.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the schema history table on one connection. */
public final class SchemaHistory {
    private static final String COLUMNS = "installed_rank, version, description, type, script, checksum, installed_by, "
            + "installed_at, execution_ms, status, down_script, down_checksum, statements_committed, error_detail";

    private final Connection connection;
    private final Dialect dialect;
    private final String schema;
    private final String table;

    public SchemaHistory(Connection connection, Dialect dialect, String schema, String table) {
        this.connection = connection;
        this.dialect = dialect;
        this.schema = schema;
        this.table = table;
    }

    /** The quoted, schema-qualified name. */
    public String qualifiedName() {
        return dialect.quote(schema) + "." + dialect.quote(table);
    }

    public String displayName() {
        return schema + "." + table;
    }

    public boolean exists() {
        try {
            return dialect.tableExists(connection, schema, table);
        } catch (SQLException e) {
            throw FerryException.sql("Looking for " + displayName(), e);
        }
    }

    /** The version the database is at (the highest successfully applied), or {@code null} when none is. */
    public String currentVersion() {
        return MigrationSession.currentVersion(rows());
    }

    public List<String> createStatements() {
        return dialect.history().createHistoryTable(qualifiedName());
    }

    public void create() {
        try {
            dialect.createSchemaIfMissing(connection, schema);
            try (Statement st = connection.createStatement()) {
                for (String sql : createStatements()) {
                    st.execute(sql);
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw FerryException.sql("Creating " + displayName(), e);
        }
    }

    public List<HistoryRow> rows() {
        if (!exists()) {
            return List.of();
        }
        List<HistoryRow> rows = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + COLUMNS + " FROM " + qualifiedName() + " ORDER BY installed_rank")) {
            while (rs.next()) {
                Timestamp at = rs.getTimestamp(8);
                int committedValue = rs.getInt(13);
                Integer committed = rs.wasNull() ? null : committedValue;
                rows.add(new HistoryRow(rs.getInt(1), rs.getString(2), rs.getString(3),
                        MigrationType.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                        at == null ? null : at.toInstant(), rs.getLong(9), HistoryStatus.fromDb(rs.getString(10)),
                        rs.getString(11), rs.getString(12), committed, rs.getString(14)));
            }
        } catch (SQLException e) {
            throw FerryException.sql("Reading " + displayName(), e);
        }
        return rows;
    }

    public void insert(HistoryRow row) throws SQLException {
        String sql = "INSERT INTO " + qualifiedName() + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setInt(1, row.rank());
            ps.setString(2, row.version());
            ps.setString(3, truncate(row.description(), 200));
            ps.setString(4, row.type().name());
            ps.setString(5, truncate(row.script(), 1000));
            ps.setString(6, row.checksum());
            ps.setString(7, truncate(row.installedBy(), 100));
            ps.setTimestamp(8, Timestamp.from(row.installedAt()));
            ps.setLong(9, row.executionMs());
            ps.setString(10, row.status().dbValue());
            ps.setString(11, row.downScript());
            ps.setString(12, row.downChecksum());
            if (row.statementsCommitted() == null) {
                ps.setNull(13, Types.INTEGER);
            } else {
                ps.setInt(13, row.statementsCommitted());
            }
            ps.setString(14, row.errorDetail());
            ps.executeUpdate();
        }
    }

    /** The INSERT that {@link #insert} would run, with literal values, for dry runs. */
    public String renderInsert(HistoryRow row) {
        return "INSERT INTO " + qualifiedName() + " (" + COLUMNS + ") VALUES (" + row.rank() + ", "
                + dialect.literal(row.version()) + ", " + dialect.literal(row.description()) + ", "
                + dialect.literal(row.type().name()) + ", " + dialect.literal(row.script()) + ", "
                + dialect.literal(row.checksum()) + ", " + dialect.literal(row.installedBy()) + ", CURRENT_TIMESTAMP, "
                + "<execution_ms>, " + dialect.literal(row.status().dbValue()) + ", "
                + (row.downScript() == null ? "NULL" : "<down script text>") + ", " + dialect.literal(row.downChecksum())
                + ", " + row.statementsCommitted() + ", NULL)";
    }

    public void markRolledBack(int rank) throws SQLException {
        update("UPDATE " + qualifiedName() + " SET status = ? WHERE installed_rank = ?", HistoryStatus.ROLLED_BACK.dbValue(), rank);
    }

    public String renderMarkRolledBack(int rank) {
        return "UPDATE " + qualifiedName() + " SET status = " + dialect.literal(HistoryStatus.ROLLED_BACK.dbValue())
                + " WHERE installed_rank = " + rank;
    }

    public void updateChecksums(int rank, String checksum, String downScript, String downChecksum) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE " + qualifiedName()
                + " SET checksum = ?, down_script = ?, down_checksum = ? WHERE installed_rank = ?")) {
            ps.setString(1, checksum);
            ps.setString(2, downScript);
            ps.setString(3, downChecksum);
            ps.setInt(4, rank);
            ps.executeUpdate();
        }
    }

    public void delete(int rank) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + qualifiedName() + " WHERE installed_rank = ?")) {
            ps.setInt(1, rank);
            ps.executeUpdate();
        }
    }

    public int nextRank() {
        if (!exists()) {
            return 1;
        }
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(installed_rank), 0) + 1 FROM " + qualifiedName())) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw FerryException.sql("Reading " + displayName(), e);
        }
    }

    private void update(String sql, String value, int rank) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.setInt(2, rank);
            ps.executeUpdate();
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    static Instant now() {
        return Instant.now();
    }
}
