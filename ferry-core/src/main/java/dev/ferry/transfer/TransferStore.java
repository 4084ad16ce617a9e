package dev.ferry.transfer;

import dev.ferry.FerryException;
import dev.ferry.db.BulkWriter;
import dev.ferry.db.Catalogs;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ferry's transfer state in the target database: runs, checkpoints, the ID map and rejects. It
 * lives beside the data on purpose: a batch, its ID-map rows, its rejects and its checkpoint
 * commit in one transaction, which is what makes a resume exactly-once.
 */
public final class TransferStore {
    static final String RUNS = "ferry_transfer_runs";
    static final String CHECKPOINTS = "ferry_transfer_checkpoints";
    static final String ID_MAP = "ferry_id_map";
    static final String REJECTS = "ferry_rejects";
    static final String DEFERRED = "ferry_transfer_deferred";
    static final String BATCHES = "ferry_transfer_batches";

    private final Database database;
    private final Dialect dialect;
    private final String schema;

    public TransferStore(Database database, String schema) {
        this.database = database;
        this.dialect = database.dialect();
        this.schema = schema;
    }

    String table(String name) {
        return dialect.quote(schema) + "." + dialect.quote(name);
    }

    Dialect dialect() {
        return dialect;
    }

    public String schema() {
        return schema;
    }

    void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String ddl : dialect.transfer().transferStateTables(schema)) {
                st.execute(ddl);
            }
        }
    }

    boolean exists(Connection c) throws SQLException {
        return dialect.tableExists(c, schema, RUNS);
    }

    /** Writes ID-map rows as {entity, legacy key, new key, run, batch number}. */
    BulkWriter idMapWriter(Connection c) throws SQLException {
        TableRef ref = new TableRef(schema, ID_MAP);
        List<String> order = List.of("entity", "legacy_key", "new_key", "run_id", "batch_seq");
        List<ColumnInfo> cols = new ArrayList<>(Catalogs.columns(c, ref));
        cols.removeIf(col -> !order.contains(col.name().toLowerCase(java.util.Locale.ROOT)));
        cols.sort(java.util.Comparator.comparingInt(col -> order.indexOf(col.name().toLowerCase(java.util.Locale.ROOT))));
        return dialect.bulkWriter(c, ref, cols);
    }

    /** Numbers a batch in the order the run records them; runs inside the batch's transaction. Returns its number. */
    long recordBatch(Connection c, Checkpoint cp, String lastKey, long read, long written, long rejected) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table(BATCHES) + " (run_id, entity, slice, last_key, rows_read, "
                + "rows_written, rows_rejected) VALUES (?, ?, ?, ?, ?, ?, ?)", new String[] {"seq"})) {
            ps.setString(1, cp.run());
            ps.setString(2, cp.entity());
            ps.setInt(3, cp.slice());
            ps.setString(4, lastKey);
            ps.setLong(5, read);
            ps.setLong(6, written);
            ps.setLong(7, rejected);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** The batches a run recorded, in the order it recorded them; empty for state tables older than batch numbering. */
    List<RunCheckpoint> batches(Connection c, String runId) throws SQLException {
        List<RunCheckpoint> out = new ArrayList<>();
        if (!dialect.tableExists(c, schema, BATCHES)) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, entity, slice, last_key, rows_read, rows_written, rows_rejected FROM "
                + table(BATCHES) + " WHERE run_id = ? ORDER BY seq")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunCheckpoint(out.size() + 1, rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7)));
                }
            }
        }
        return out;
    }

    /** Rows of an entity that batches after batch number {@code seq} of a run recorded in the ID map. */
    long countIdMapAfter(Connection c, String entity, String runId, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table(ID_MAP) + " WHERE entity = ? AND run_id = ? AND batch_seq > ?")) {
            ps.setString(1, entity);
            ps.setString(2, runId);
            ps.setLong(3, seq);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Puts a run's checkpoints back to where they stood after the batch keyed {@code keptSeq} (the
     * last one kept): each slice continues after its last kept batch, with the counts of its kept
     * batches; later batches and their rejects are forgotten. Runs in the caller's transaction.
     */
    void rewindTo(Connection c, String runId, long keptSeq, List<RunCheckpoint> batches) throws SQLException {
        for (Checkpoint cp : checkpoints(c, runId)) {
            List<RunCheckpoint> mine = batches.stream().filter(b -> b.entity().equals(cp.entity()) && b.slice() == cp.slice()).toList();
            List<RunCheckpoint> kept = mine.stream().filter(b -> b.seq() <= keptSeq).toList();
            if (kept.size() == mine.size()) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(CHECKPOINTS) + " SET last_key = ?, rows_read = ?, rows_written = ?, "
                    + "rows_rejected = ?, batches = ?, status = ?, updated_at = CURRENT_TIMESTAMP WHERE run_id = ? AND entity = ? AND slice = ?")) {
                ps.setString(1, kept.isEmpty() ? null : kept.get(kept.size() - 1).lastKey());
                ps.setLong(2, kept.stream().mapToLong(RunCheckpoint::rowsRead).sum());
                ps.setLong(3, kept.stream().mapToLong(RunCheckpoint::rowsWritten).sum());
                ps.setLong(4, kept.stream().mapToLong(RunCheckpoint::rowsRejected).sum());
                ps.setInt(5, kept.size());
                ps.setString(6, kept.isEmpty() ? Checkpoint.PENDING : Checkpoint.RUNNING);
                ps.setString(7, runId);
                ps.setString(8, cp.entity());
                ps.setInt(9, cp.slice());
                ps.executeUpdate();
            }
        }
        for (String t : List.of(REJECTS, BATCHES)) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table(t) + " WHERE run_id = ? AND " + (t.equals(BATCHES) ? "seq" : "batch_seq")
                    + " > ?")) {
                ps.setString(1, runId);
                ps.setLong(2, keptSeq);
                ps.executeUpdate();
            }
        }
    }

    void insertRun(Connection c, TransferRun run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table(RUNS)
                + " (run_id, plan_file, plan_checksum, status, started_at, source, started_by, backup_archive) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, run.id());
            ps.setString(2, run.planFile());
            ps.setString(3, run.planChecksum());
            ps.setString(4, run.status());
            ps.setTimestamp(5, Timestamp.from(run.startedAt()));
            ps.setString(6, run.source());
            ps.setString(7, run.startedBy());
            ps.setString(8, run.backupArchive());
            ps.executeUpdate();
        }
    }

    void finishRun(Connection c, String runId, String status, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(RUNS)
                + " SET status = ?, finished_at = CURRENT_TIMESTAMP, error = ? WHERE run_id = ?")) {
            ps.setString(1, status);
            ps.setString(2, error);
            ps.setString(3, runId);
            ps.executeUpdate();
        }
    }

    void markRunning(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(RUNS)
                + " SET status = ?, finished_at = NULL, error = NULL WHERE run_id = ?")) {
            ps.setString(1, TransferRun.RUNNING);
            ps.setString(2, runId);
            ps.executeUpdate();
        }
    }

    /**
     * Forgets a finished run, as retention decided: its run row, checkpoints, rejects and deferred
     * objects go in one transaction. The ID map stays: later runs and verification translate legacy
     * keys through it whichever run wrote them.
     */
    public void forget(String runId) {
        try (Connection c = database.connect("ferry prune")) {
            dev.ferry.db.Transactions.call(c, "Forgetting transfer run " + runId, () -> {
                for (String t : dialect.tableExists(c, schema, BATCHES) ? List.of(CHECKPOINTS, REJECTS, DEFERRED, BATCHES, RUNS)
                        : List.of(CHECKPOINTS, REJECTS, DEFERRED, RUNS)) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table(t) + " WHERE run_id = ?")) {
                        ps.setString(1, runId);
                        ps.executeUpdate();
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw FerryException.sql("Forgetting transfer run " + runId, e);
        }
    }

    /** Deferred indexes and constraints of a run not yet put back: a run with any is not forgotten. */
    public long deferredNotRestored(String runId) {
        try (Connection c = database.connect("ferry prune")) {
            return Catalogs.count(c, "SELECT COUNT(*) FROM " + table(DEFERRED) + " WHERE run_id = '" + runId.replace("'", "''")
                    + "' AND NOT restored");
        } catch (SQLException e) {
            throw FerryException.sql("Reading " + DEFERRED, e);
        }
    }

    public List<TransferRun> runs() {
        try (Connection c = database.connect("ferry transfer")) {
            if (!exists(c)) {
                return List.of();
            }
            return runs(c, null);
        } catch (SQLException e) {
            throw FerryException.sql("Reading " + RUNS, e);
        }
    }

    List<TransferRun> runs(Connection c, String runId) throws SQLException {
        List<TransferRun> out = new ArrayList<>();
        // Reading never changes the state tables: ones made before backup_archive existed read it as NULL until the next run adds it.
        boolean hasArchive = Catalogs.columns(c, new TableRef(schema, RUNS)).stream().anyMatch(col -> col.name().equalsIgnoreCase("backup_archive"));
        String sql = "SELECT run_id, plan_file, plan_checksum, status, started_at, finished_at, source, started_by, error, "
                + (hasArchive ? "backup_archive" : "NULL") + " FROM " + table(RUNS) + (runId == null ? "" : " WHERE run_id = ?") + " ORDER BY started_at, run_id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (runId != null) {
                ps.setString(1, runId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp fin = rs.getTimestamp(6);
                    out.add(new TransferRun(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant(), fin == null ? null : fin.toInstant(), rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getString(10)));
                }
            }
        }
        return out;
    }

    void insertCheckpoint(Connection c, Checkpoint cp) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table(CHECKPOINTS)
                + " (run_id, entity, slice, range_start, range_end, last_key, status) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, cp.run());
            ps.setString(2, cp.entity());
            ps.setInt(3, cp.slice());
            ps.setString(4, cp.rangeStart());
            ps.setString(5, cp.rangeEnd());
            ps.setString(6, cp.lastKey());
            ps.setString(7, cp.status());
            ps.executeUpdate();
        }
    }

    /** Advances a checkpoint; runs inside the batch's transaction. */
    void advance(Connection c, Checkpoint cp, String lastKey, long read, long written, long rejected, String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(CHECKPOINTS) + " SET last_key = ?, rows_read = rows_read + ?, "
                + "rows_written = rows_written + ?, rows_rejected = rows_rejected + ?, batches = batches + 1, status = ?, "
                + "updated_at = CURRENT_TIMESTAMP WHERE run_id = ? AND entity = ? AND slice = ?")) {
            ps.setString(1, lastKey);
            ps.setLong(2, read);
            ps.setLong(3, written);
            ps.setLong(4, rejected);
            ps.setString(5, status);
            ps.setString(6, cp.run());
            ps.setString(7, cp.entity());
            ps.setInt(8, cp.slice());
            int n = ps.executeUpdate();
            if (n != 1) {
                throw new SQLException("checkpoint of " + cp.entity() + " slice " + cp.slice() + " in run " + cp.run()
                        + " was not found (updated " + n + " rows)", "P0002");
            }
        }
    }

    void setCheckpointStatus(Connection c, Checkpoint cp, String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(CHECKPOINTS)
                + " SET status = ?, updated_at = CURRENT_TIMESTAMP WHERE run_id = ? AND entity = ? AND slice = ?")) {
            ps.setString(1, status);
            ps.setString(2, cp.run());
            ps.setString(3, cp.entity());
            ps.setInt(4, cp.slice());
            ps.executeUpdate();
        }
    }

    List<Checkpoint> checkpoints(Connection c, String runId) throws SQLException {
        List<Checkpoint> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, entity, slice, range_start, range_end, last_key, rows_read, "
                + "rows_written, rows_rejected, batches, status FROM " + table(CHECKPOINTS) + " WHERE run_id = ? ORDER BY entity, slice")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Checkpoint(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getInt(10), rs.getString(11)));
                }
            }
        }
        return out;
    }

    void insertRejects(Connection c, String runId, String entity, List<Reject> rejects, long batchSeq) throws SQLException {
        if (rejects.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table(REJECTS)
                + " (run_id, entity, legacy_key, row_data, error, failing_column, source_data, batch_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Reject r : rejects) {
                ps.setString(1, runId);
                ps.setString(2, entity);
                ps.setString(3, r.legacyKey());
                ps.setString(4, r.rowJson());
                ps.setString(5, r.error());
                ps.setString(6, r.column());
                ps.setString(7, r.sourceJson());
                ps.setLong(8, batchSeq);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The keys, indexes and foreign keys run {@code runId} set aside and has not rebuilt yet; keys first, then indexes. */
    List<TransferStatus.MissingConstraint> unrestored(Connection c, String runId) throws SQLException {
        List<TransferStatus.MissingConstraint> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, name, table_name, definition, entity FROM " + table(DEFERRED)
                + " WHERE run_id = ? AND restored = ? ORDER BY kind DESC, name")) {
            ps.setString(1, runId);
            ps.setBoolean(2, false);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TransferStatus.MissingConstraint(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** Up to {@code limit} rows run {@code runId} rejected, oldest first. */
    List<RejectedRow> rejects(Connection c, String runId, int limit) throws SQLException {
        List<RejectedRow> out = new ArrayList<>();
        rejects(c, runId, RejectFilter.ALL, limit, out::add);
        return out;
    }

    /** Whether {@code entity} rejected any row, in any run. */
    boolean hasRejects(Connection c, String entity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table(REJECTS) + " WHERE entity = ?")) {
            ps.setString(1, entity);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The legacy keys among {@code legacyKeys} that {@code entity} rejected, in any run. */
    Set<String> rejectedKeys(Connection c, String entity, Collection<String> legacyKeys) throws SQLException {
        List<String> keys = new ArrayList<>(new HashSet<>(legacyKeys));
        keys.remove(null);
        Set<String> found = new HashSet<>();
        for (int from = 0; from < keys.size(); from += 500) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
            try (PreparedStatement ps = c.prepareStatement("SELECT legacy_key FROM " + table(REJECTS) + " WHERE entity = ? AND legacy_key IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                ps.setString(1, entity);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }

    /** Whether the state table holds no row at all, without counting a large one. */
    boolean isEmpty(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table(table) + " LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return !rs.next();
        }
    }

    long count(Connection c, String table, String where, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table(table) + (where == null ? "" : " WHERE " + where))) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Forgets what a run left in the state tables besides its own row: ID-map rows, rejects and checkpoints. */
    void forgetRun(Connection c, String runId) throws SQLException {
        deleteFor(c, ID_MAP, "run_id", runId);
        deleteFor(c, REJECTS, "run_id", runId);
        deleteFor(c, CHECKPOINTS, "run_id", runId);
        if (dialect.tableExists(c, schema, BATCHES)) {
            deleteFor(c, BATCHES, "run_id", runId);
        }
    }

    void deleteFor(Connection c, String table, String column, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table(table) + " WHERE " + column + " = ?")) {
            ps.setString(1, value);
            ps.executeUpdate();
        }
    }

    static List<ColumnInfo> columns(Connection c, TableRef t) throws SQLException {
        return Catalogs.columns(c, t);
    }

    void setStatus(Connection c, String runId, String status, boolean finished) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(RUNS) + " SET status = ?, error = NULL, finished_at = "
                + (finished ? "CURRENT_TIMESTAMP" : "NULL") + " WHERE run_id = ?")) {
            ps.setString(1, status);
            ps.setString(2, runId);
            ps.executeUpdate();
        }
    }

    /** Changes only a run's status, keeping when it finished and its error. */
    void setStatusOnly(Connection c, String runId, String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(RUNS) + " SET status = ? WHERE run_id = ?")) {
            ps.setString(1, status);
            ps.setString(2, runId);
            ps.executeUpdate();
        }
    }

    /**
     * The next {@code limit} ID-map rows a run wrote for an entity after legacy key {@code after}
     * ({@code null}: from the first), as {legacy key, new key}, in legacy-key order; with
     * {@code afterBatch}, only those its batches after that batch number wrote.
     */
    List<String[]> idMapRows(Connection c, String entity, String runId, String after, Long afterBatch, int limit) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT legacy_key, new_key FROM " + table(ID_MAP) + " WHERE entity = ? AND run_id = ?"
                + (after == null ? "" : " AND legacy_key > ?") + (afterBatch == null ? "" : " AND batch_seq > ?") + " ORDER BY legacy_key LIMIT ?")) {
            int p = 1;
            ps.setString(p++, entity);
            ps.setString(p++, runId);
            if (after != null) {
                ps.setString(p++, after);
            }
            if (afterBatch != null) {
                ps.setLong(p++, afterBatch);
            }
            ps.setInt(p, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return out;
    }

    void deleteIdMapRows(Connection c, String entity, List<String[]> rows) throws SQLException {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            in.append(i == 0 ? "?" : ", ?");
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table(ID_MAP) + " WHERE entity = ? AND legacy_key IN (" + in + ")")) {
            ps.setString(1, entity);
            for (int i = 0; i < rows.size(); i++) {
                ps.setString(i + 2, rows.get(i)[0]);
            }
            ps.executeUpdate();
        }
    }

    /**
     * A reject as retry reads it back: its row id in {@code ferry_rejects}, the entity's legacy key,
     * the recorded reason and the number of the batch that rejected it ({@code null} if older).
     */
    record StoredReject(long id, String legacyKey, String error, Long batchSeq) {
    }

    /** The next {@code limit} rejects of an entity in a run after row id {@code afterId}, in id order. */
    List<StoredReject> rejectsAfter(Connection c, String runId, String entity, long afterId, int limit) throws SQLException {
        List<StoredReject> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, legacy_key, error, batch_seq FROM " + table(REJECTS)
                + " WHERE run_id = ? AND entity = ? AND id > ? ORDER BY id LIMIT ?")) {
            ps.setString(1, runId);
            ps.setString(2, entity);
            ps.setLong(3, afterId);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(4);
                    Long batchSeq = rs.wasNull() ? null : seq;
                    out.add(new StoredReject(rs.getLong(1), rs.getString(2), rs.getString(3), batchSeq));
                }
            }
        }
        return out;
    }

    void deleteRejects(Connection c, Collection<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table(REJECTS) + " WHERE id = ?")) {
            for (long id : ids) {
                ps.setLong(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Records why a reject is still refused after a retry: the new reason, column and values. */
    void updateReject(Connection c, long id, Reject r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(REJECTS)
                + " SET error = ?, failing_column = ?, row_data = ?, source_data = ?, rejected_at = CURRENT_TIMESTAMP WHERE id = ?")) {
            ps.setString(1, r.error());
            ps.setString(2, r.column());
            ps.setString(3, r.rowJson());
            ps.setString(4, r.sourceJson());
            ps.setLong(5, id);
            ps.executeUpdate();
        }
    }

    /**
     * Moves rows of an entity's checkpoints from rejected to written (a retry landed them) or out
     * of the run (their source row is gone), slice by slice, so the run's numbers still balance.
     */
    void settleRejects(Connection c, String runId, String entity, long landed, long gone) throws SQLException {
        long left = landed + gone;
        long toWrite = landed;
        for (Checkpoint cp : checkpoints(c, runId)) {
            if (left == 0 || !cp.entity().equals(entity) || cp.rowsRejected() == 0) {
                continue;
            }
            long n = Math.min(left, cp.rowsRejected());
            long written = Math.min(n, toWrite);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(CHECKPOINTS) + " SET rows_written = rows_written + ?, "
                    + "rows_rejected = rows_rejected - ?, rows_read = rows_read - ?, updated_at = CURRENT_TIMESTAMP "
                    + "WHERE run_id = ? AND entity = ? AND slice = ?")) {
                ps.setLong(1, written);
                ps.setLong(2, n);
                ps.setLong(3, n - written);
                ps.setString(4, runId);
                ps.setString(5, entity);
                ps.setInt(6, cp.slice());
                ps.executeUpdate();
            }
            left -= n;
            toWrite -= written;
        }
    }

    /**
     * Moves rows of the batches that rejected them from rejected to written (landed by a retry) or
     * out of the batch (their source row is gone), as {@link #settleRejects} does for checkpoints,
     * so that rolling back to a checkpoint restores counts that still balance.
     */
    void settleBatches(Connection c, List<Long> landed, List<Long> gone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(BATCHES) + " SET rows_written = rows_written + ?, "
                + "rows_rejected = rows_rejected - 1, rows_read = rows_read - ? WHERE seq = ?")) {
            for (List<Long> seqs : List.of(landed, gone)) {
                for (Long seq : seqs) {
                    if (seq != null) {
                        ps.setInt(1, seqs == landed ? 1 : 0);
                        ps.setInt(2, seqs == landed ? 0 : 1);
                        ps.setLong(3, seq);
                        ps.addBatch();
                    }
                }
            }
            ps.executeBatch();
        }
    }

    /** Whether the ID map holds the legacy key of an entity: a row with that key is in the target. */
    boolean mapped(Connection c, String entity, String legacyKey) throws SQLException {
        return count(c, ID_MAP, "entity = ? AND legacy_key = ?", entity, legacyKey) > 0;
    }

    /** Whether the state table has the column: ones made by an older Ferry gain it on the next run or retry. */
    boolean hasColumn(Connection c, String tableName, String column) throws SQLException {
        return Catalogs.columns(c, new TableRef(schema, tableName)).stream().anyMatch(col -> col.name().equalsIgnoreCase(column));
    }

    /**
     * Streams a run's rejects matching the filter, oldest first, to {@code sink}; the caller's
     * connection is in a transaction so that PostgreSQL reads them through a cursor.
     */
    void rejects(Connection c, String runId, RejectFilter filter, java.util.function.Consumer<RejectedRow> sink) throws SQLException {
        rejects(c, runId, filter, 0, sink);
    }

    /** As above, stopping after {@code limit} rows ({@code 0}: all of them). */
    private void rejects(Connection c, String runId, RejectFilter filter, int limit, java.util.function.Consumer<RejectedRow> sink)
            throws SQLException {
        String column = hasColumn(c, REJECTS, "failing_column") ? "failing_column" : "NULL";
        String source = hasColumn(c, REJECTS, "source_data") ? "source_data" : "NULL";
        try (PreparedStatement ps = c.prepareStatement("SELECT entity, legacy_key, error, " + column + ", " + source + ", row_data, rejected_at FROM "
                + table(REJECTS) + " WHERE " + filter.where() + " ORDER BY id")) {
            filter.bind(ps, runId);
            ps.setFetchSize(500);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String values = rs.getString(5) != null ? rs.getString(5) : rs.getString(6);
                    sink.accept(new RejectedRow(runId, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), values,
                            rs.getTimestamp(7).toInstant()));
                }
            }
        }
    }

    /** How many of a run's rejects match the filter. */
    long countRejects(Connection c, String runId, RejectFilter filter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table(REJECTS) + " WHERE " + filter.where())) {
            filter.bind(ps, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Puts an entity of a run (and its second passes) back to the start: its checkpoints pending
     * with no progress, keeping their key ranges, and its rejects gone; a resume copies it again.
     */
    void restartEntity(Connection c, String runId, String entity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(CHECKPOINTS) + " SET last_key = NULL, rows_read = 0, "
                + "rows_written = 0, rows_rejected = 0, batches = 0, status = ?, updated_at = CURRENT_TIMESTAMP "
                + "WHERE run_id = ? AND (entity = ? OR entity LIKE ?)");
             PreparedStatement rejects = c.prepareStatement("DELETE FROM " + table(REJECTS) + " WHERE run_id = ? AND (entity = ? OR entity LIKE ?)")) {
            ps.setString(1, Checkpoint.PENDING);
            ps.setString(2, runId);
            ps.setString(3, entity);
            ps.setString(4, entity + ".%");
            ps.executeUpdate();
            rejects.setString(1, runId);
            rejects.setString(2, entity);
            rejects.setString(3, entity + ".%");
            rejects.executeUpdate();
        }
        if (dialect.tableExists(c, schema, BATCHES)) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table(BATCHES) + " WHERE run_id = ? AND (entity = ? OR entity LIKE ?)")) {
                ps.setString(1, runId);
                ps.setString(2, entity);
                ps.setString(3, entity + ".%");
                ps.executeUpdate();
            }
        }
    }
}
