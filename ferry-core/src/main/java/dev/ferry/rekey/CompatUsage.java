package dev.ferry.rekey;

import dev.ferry.db.Catalogs;
import dev.ferry.db.Dialect;
import dev.ferry.db.RekeySql.CompatSession;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Usage of the compatibility versions, sampled from the server's list of sessions and kept in
 * {@code ferry_compat_usage}: a session counts as a client of a version when it connected with
 * the application name {@code ferry compat url} gives it, or when its statement names the version's schema.
 * A sample sees the sessions connected at that moment, idle ones included.
 */
final class CompatUsage {
    static final String TABLE = "ferry_compat_usage";

    private final Dialect dialect;
    private final String schema;
    private final TableRef table;

    CompatUsage(Dialect dialect, String schema) {
        this.dialect = dialect;
        this.schema = schema;
        this.table = new TableRef(schema, TABLE);
    }

    /** The application name a client of {@code version} connects with, from {@code ferry compat url}. */
    static String applicationName(String version) {
        return "ferry-compat-" + version;
    }

    /** Records the clients using a version now; nothing (and no table) while no compatibility schema exists. */
    List<CompatClient> sample(Connection c) throws SQLException {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String v : List.of(CompatViews.V1, CompatViews.V2)) {
            versions.put(CompatViews.schema(schema, v), applicationName(v));
        }
        List<String> present = Catalogs.strings(c, "SELECT schema_name FROM information_schema.schemata WHERE schema_name IN (?, ?)",
                versions.keySet().toArray(String[]::new));
        if (present.isEmpty()) {
            return List.of();
        }
        versions.keySet().retainAll(present);
        try (Statement st = c.createStatement()) {
            st.execute(dialect.rekey().usageTable(schema));
        }
        List<CompatClient> out = new ArrayList<>();
        for (CompatSession s : dialect.rekey().compatSessions(c, versions)) {
            try (PreparedStatement ps = c.prepareStatement(dialect.rekey().recordUsage(table))) {
                ps.setString(1, s.version());
                ps.setString(2, s.user());
                ps.setString(3, s.application());
                ps.setString(4, s.address());
                ps.setString(5, s.query());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(client(rs));
                    }
                }
            }
        }
        return out;
    }

    /** Every client ever recorded, the latest first. */
    List<CompatClient> clients(Connection c) throws SQLException {
        if (!dialect.tableExists(c, schema, TABLE)) {
            return List.of();
        }
        List<CompatClient> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version, user_name, application_name, client_addr, "
                + "first_seen, last_seen, last_query FROM " + table.quoted(dialect) + " ORDER BY last_seen DESC, version, user_name")) {
            while (rs.next()) {
                out.add(client(rs));
            }
        }
        return out;
    }

    /** The server's clock, which stamped the records, so that "within the last 24 hours" does not depend on this machine's. */
    static Instant now(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CURRENT_TIMESTAMP(6)")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static CompatClient client(ResultSet rs) throws SQLException {
        return new CompatClient(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs.getTimestamp(5)),
                instant(rs.getTimestamp(6)), rs.getString(7));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
