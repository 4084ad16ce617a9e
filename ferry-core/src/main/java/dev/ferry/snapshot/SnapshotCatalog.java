package dev.ferry.snapshot;

import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ferry_snapshots}: which copy holds which table's rows, made when, by whom and why. The
 * record is written before the copy is created and completed (its row count set) after the rows
 * are in, so an interrupted copy is never mistaken for a whole one.
 */
public final class SnapshotCatalog {
    static final String TABLE = "ferry_snapshots";
    private static final String COLUMNS = "snapshot_id, source_schema, source_table, copy_table, row_count, created_at, created_by, reason";

    private final Dialect dialect;
    private final String schema;

    public SnapshotCatalog(Dialect dialect, String schema) {
        this.dialect = dialect;
        this.schema = schema;
    }

    Dialect dialect() {
        return dialect;
    }

    private String table() {
        return dialect.quote(schema) + "." + dialect.quote(TABLE);
    }

    public void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(dialect.tableCopies().snapshotStateTable(schema));
        }
    }

    boolean exists(Connection c) throws SQLException {
        return dialect.tableExists(c, schema, TABLE);
    }

    void insert(Connection c, SnapshotRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table() + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.snapshotId());
            ps.setString(2, r.schema());
            ps.setString(3, r.table());
            ps.setString(4, r.copyTable());
            if (r.rows() == null) {
                ps.setNull(5, java.sql.Types.BIGINT);
            } else {
                ps.setLong(5, r.rows());
            }
            ps.setTimestamp(6, Timestamp.from(r.createdAt()));
            ps.setString(7, r.createdBy());
            ps.setString(8, r.reason());
            ps.executeUpdate();
        }
    }

    /** Marks a copy complete with its row count. */
    public void complete(Connection c, SnapshotRecord r, long rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table()
                + " SET row_count = ? WHERE snapshot_id = ? AND source_schema = ? AND source_table = ?")) {
            ps.setLong(1, rows);
            ps.setString(2, r.snapshotId());
            ps.setString(3, r.schema());
            ps.setString(4, r.table());
            ps.executeUpdate();
        }
    }

    void delete(Connection c, SnapshotRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table()
                + " WHERE snapshot_id = ? AND source_schema = ? AND source_table = ?")) {
            ps.setString(1, r.snapshotId());
            ps.setString(2, r.schema());
            ps.setString(3, r.table());
            ps.executeUpdate();
        }
    }

    /** Every snapshot copy, oldest first. */
    public List<SnapshotRecord> list(Connection c) throws SQLException {
        List<SnapshotRecord> out = new ArrayList<>();
        if (!exists(c)) {
            return out;
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + COLUMNS + " FROM " + table() + " ORDER BY created_at, snapshot_id, source_table")) {
            while (rs.next()) {
                long rows = rs.getLong(5);
                Long count = rs.wasNull() ? null : rows;
                out.add(new SnapshotRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), count,
                        rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8)));
            }
        }
        return out;
    }

    /**
     * The copy of {@code source} in snapshot {@code snapshotId}, created empty (with the source's
     * columns) if there is none yet. Used again after an interruption, it returns the same copy.
     */
    public SnapshotRecord emptyCopy(Connection c, String snapshotId, TableRef source, String reason) throws SQLException {
        create(c);
        Optional<SnapshotRecord> known = list(c).stream()
                .filter(r -> r.snapshotId().equals(snapshotId) && r.source().equals(source)).findFirst();
        SnapshotRecord r = known.orElse(null);
        if (r == null) {
            Instant now = Instant.now();
            String name = SnapshotNames.copyName(now, source.table(), snapshotId, dialect.maxIdentifierLength(),
                    n -> dialect.tableExists(c, source.schema(), n));
            r = new SnapshotRecord(snapshotId, source.schema(), source.table(), name, null, now, System.getProperty("user.name"), reason);
            insert(c, r);
        }
        try (Statement st = c.createStatement()) {
            st.execute(dialect.tableCopies().createTableLike(r.copy().quoted(dialect), source.quoted(dialect)));
        }
        return r;
    }
}
