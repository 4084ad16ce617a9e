package dev.ferry.protection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.FerryException;
import dev.ferry.db.Catalogs;
import dev.ferry.db.ProtectionSql;
import dev.ferry.run.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Versioned snapshots of the protected rows in {@code ferry_protected_snapshots} (one row per
 * snapshot, with a SHA-256 over its rows) and {@code ferry_protected_snapshot_rows} (one row per
 * protected row, as JSON). Rows stream in and out one at a time.
 */
final class SnapshotStore {
    private static final int BATCH = 500;
    private final ProtectionSession s;

    SnapshotStore(ProtectionSession s) {
        this.s = s;
    }

    /** Takes a snapshot, optionally copies it to {@code file} (JSON lines), and keeps the newest {@code keep}. */
    SnapshotResult take(String runId, Path file, int keep) throws SQLException {
        for (ProtectedTable t : s.data.tables()) {
            s.requireColumns(t);
        }
        s.createTables();
        int version = nextVersion();
        MessageDigest digest = sha256();
        long[] rows = {0};
        Instant takenAt = Instant.now();
        Path temp = null;
        try (PreparedStatement insert = rowInsert()) {
            BufferedWriter out = null;
            if (file != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".snapshot", ".tmp");
                out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
                writeLine(out, Map.of("format", "ferry-protected-snapshot", "version", version, "taken_at", takenAt.toString()));
            }
            BufferedWriter copy = out;
            for (ProtectedTable t : s.data.tables()) {
                ProtectedRows.scan(s.connection, s.dialect, s.ref(t), t, row -> {
                    String data = ProtectedRows.text(row.data());
                    update(digest, t.name(), row.keyText(), data);
                    addRow(insert, version, ++rows[0], t.name(), row.keyText(), data);
                    if (copy != null) {
                        try {
                            writeLine(copy, Map.of("table", t.name(), "key", row.keyText(), "row", row.data()));
                        } catch (IOException e) {
                            throw FerryException.failure("Cannot write the snapshot file " + file + ": " + e.getMessage(), e);
                        }
                    }
                });
            }
            insert.executeBatch();
            String checksum = checksum(digest);
            if (out != null) {
                writeLine(out, Map.of("checksum", checksum, "rows", rows[0]));
                out.close();
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                temp = null;
            }
            record(version, runId, takenAt, String.valueOf(s.database.user() == null ? System.getProperty("user.name") : s.database.user()),
                    s.data.tables().size(), rows[0], checksum);
            List<Integer> pruned = prune(keep);
            return new SnapshotResult(runId, version, takenAt, s.data.tables().size(), rows[0], checksum,
                    file == null ? null : file.toString(), pruned);
        } catch (IOException e) {
            throw FerryException.failure("Cannot write the snapshot file " + file + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // A stray temporary file is harmless; the snapshot itself failed and says so.
                }
            }
        }
    }

    /** The version the next stored snapshot gets; the snapshot tables must exist. */
    int nextVersion() throws SQLException {
        return (int) Catalogs.count(s.connection, "SELECT COALESCE(MAX(version), 0) + 1 FROM " + s.ferryTable(ProtectionSql.SNAPSHOTS));
    }

    /** Stores a snapshot's header, once its rows are in. */
    void record(int version, String runId, Instant takenAt, String takenBy, int tables, long rows, String checksum) throws SQLException {
        try (PreparedStatement ps = s.connection.prepareStatement("INSERT INTO " + s.ferryTable(ProtectionSql.SNAPSHOTS)
                + " (version, run_id, taken_at, taken_by, tables_count, rows_count, checksum) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setInt(1, version);
            ps.setString(2, runId);
            ps.setTimestamp(3, Timestamp.from(takenAt));
            ps.setString(4, takenBy);
            ps.setInt(5, tables);
            ps.setLong(6, rows);
            ps.setString(7, checksum);
            ps.executeUpdate();
        }
    }

    /** Inserts one snapshot row; batched, so {@code insert} must be executed at the end. */
    static void addRow(PreparedStatement insert, int version, long seq, String table, String key, String data) throws SQLException {
        insert.setInt(1, version);
        insert.setLong(2, seq);
        insert.setString(3, table);
        insert.setString(4, key);
        insert.setString(5, data);
        insert.addBatch();
        if (seq % BATCH == 0) {
            insert.executeBatch();
        }
    }

    PreparedStatement rowInsert() throws SQLException {
        return s.connection.prepareStatement("INSERT INTO " + s.ferryTable(ProtectionSql.SNAPSHOT_ROWS)
                + " (version, seq, table_name, row_key, row_data) VALUES (?, ?, ?, ?, ?)");
    }

    /** The stored snapshot {@code version}; {@code null} when there is none. */
    SnapshotInfo find(int version) throws SQLException {
        return list().stream().filter(i -> i.version() == version).findFirst().orElse(null);
    }

    /** Whether the snapshot's rows still match the checksum taken with them. */
    boolean intact(SnapshotInfo info) throws SQLException {
        return read(info, Map.of()) != null;
    }

    interface StoredRow {
        void accept(String key, String data) throws SQLException;
    }

    /** Streams one table's rows of snapshot {@code version}, in the order they were taken; {@code data} is {@code null} when only keys are wanted. */
    void rows(int version, String table, boolean withData, StoredRow consumer) throws SQLException {
        try (PreparedStatement ps = s.connection.prepareStatement("SELECT row_key" + (withData ? ", row_data" : "") + " FROM "
                + s.ferryTable(ProtectionSql.SNAPSHOT_ROWS) + " WHERE version = ? AND table_name = ? ORDER BY seq")) {
            ps.setInt(1, version);
            ps.setString(2, table);
            ps.setFetchSize(BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(rs.getString(1), withData ? rs.getString(2) : null);
                }
            }
        }
    }

    private List<Integer> prune(int keep) throws SQLException {
        List<Integer> old = new ArrayList<>();
        List<SnapshotInfo> all = list();
        for (int i = keep; i < all.size(); i++) {
            old.add(all.get(i).version());
        }
        drop(old);
        return old;
    }

    /** Deletes the given versions, their rows first. */
    void drop(List<Integer> versions) throws SQLException {
        for (int v : versions) {
            for (String table : List.of(ProtectionSql.SNAPSHOT_ROWS, ProtectionSql.SNAPSHOTS)) {
                try (PreparedStatement ps = s.connection.prepareStatement("DELETE FROM " + s.ferryTable(table) + " WHERE version = ?")) {
                    ps.setInt(1, v);
                    ps.executeUpdate();
                }
            }
        }
    }

    /** Every snapshot, newest first; empty when none was ever taken. */
    List<SnapshotInfo> list() throws SQLException {
        List<SnapshotInfo> out = new ArrayList<>();
        if (!s.exists(ProtectionSql.SNAPSHOTS)) {
            return out;
        }
        try (PreparedStatement ps = s.connection.prepareStatement("SELECT version, run_id, taken_at, taken_by, tables_count, rows_count, "
                + "checksum FROM " + s.ferryTable(ProtectionSql.SNAPSHOTS) + " ORDER BY version DESC");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new SnapshotInfo(rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getInt(5),
                        rs.getLong(6), rs.getString(7)));
            }
        }
        return out;
    }

    /**
     * Streams one snapshot's rows, recomputing its checksum, and returns the rows of {@code wanted}
     * keys ({@code table -> keys}) that are found in it; {@code null} when the checksum does not match.
     */
    Map<String, Map<String, ObjectNode>> read(SnapshotInfo info, Map<String, java.util.Set<String>> wanted) throws SQLException {
        MessageDigest digest = sha256();
        Map<String, Map<String, ObjectNode>> found = new LinkedHashMap<>();
        try (PreparedStatement ps = s.connection.prepareStatement("SELECT table_name, row_key, row_data FROM "
                + s.ferryTable(ProtectionSql.SNAPSHOT_ROWS) + " WHERE version = ? ORDER BY seq")) {
            ps.setInt(1, info.version());
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    String key = rs.getString(2);
                    String data = rs.getString(3);
                    update(digest, table, key, data);
                    if (wanted.getOrDefault(table, java.util.Set.of()).contains(key)) {
                        ObjectNode row = ProtectedRows.parseRow(data);
                        if (row != null) {
                            found.computeIfAbsent(table, k -> new LinkedHashMap<>()).put(key, row);
                        }
                    }
                }
            }
        }
        String actual = checksum(digest);
        return actual.equals(info.checksum()) ? found : null;
    }

    static void update(MessageDigest digest, String table, String key, String data) {
        digest.update((table + "\t" + key + "\t" + data + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void writeLine(BufferedWriter out, Object value) throws IOException {
        out.write(Json.mapper().writeValueAsString(value));
        out.newLine();
    }

    static String checksum(MessageDigest digest) {
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
