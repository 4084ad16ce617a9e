package dev.ferry.seed;

import dev.ferry.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code ferry_seed_history}: one row per applied file (environment, file, checksum, rows, when,
 * by whom, run). The newest checksum of a file tells whether it changed since it was applied.
 * The row is written in the file's own transaction, so a file and its record commit together.
 */
final class SeedHistory {
    static final String TABLE = "ferry_seed_history";

    private final Connection connection;
    private final Dialect dialect;
    private final String schema;
    private final String environment;

    SeedHistory(Connection connection, Dialect dialect, String schema, String environment) {
        this.connection = connection;
        this.dialect = dialect;
        this.schema = schema;
        this.environment = environment;
    }

    private String table() {
        return dialect.quote(schema) + "." + dialect.quote(TABLE);
    }

    void create() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(dialect.seeds().createSeedHistoryTable(table()));
        }
    }

    /** The checksum each file had when it was last applied in this environment. */
    Map<String, String> appliedChecksums() throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (!dialect.tableExists(connection, schema, TABLE)) {
            return out;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT file_name, checksum FROM " + table()
                + " WHERE environment = ? ORDER BY applied_at, run_id")) {
            ps.setString(1, environment);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    void record(SeedFile file, long rows, String runId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + table()
                + " (environment, file_name, checksum, rows_applied, applied_by, run_id) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, environment);
            ps.setString(2, file.name());
            ps.setString(3, file.checksum());
            ps.setLong(4, rows);
            ps.setString(5, System.getProperty("user.name"));
            ps.setString(6, runId);
            ps.executeUpdate();
        }
    }

    /** Forgets what was applied here, so every file applies again (after the tables were emptied). */
    void forget() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + table() + " WHERE environment = ?")) {
            ps.setString(1, environment);
            ps.executeUpdate();
        }
    }
}
