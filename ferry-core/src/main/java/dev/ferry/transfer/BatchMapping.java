package dev.ferry.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.db.TextRow;
import dev.ferry.run.Json;
import dev.ferry.transfer.plan.EntityJob;
import dev.ferry.transfer.plan.KeyTuples;
import dev.ferry.transfer.plan.RowMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns source rows, in key order, into a {@link Batch}: each row mapped by the plan, or rejected
 * with its reason and source values. A run's slices and {@code transfer retry} map the same way,
 * so a retried row lands exactly as it would have in the run.
 */
final class BatchMapping {
    private final EntityJob job;
    private final int[][] referenceColumns;

    BatchMapping(EntityJob job) {
        this.job = job;
        List<String> selected = job.query().selected();
        this.referenceColumns = job.plan().references().stream()
                .map(r -> r.fromColumns().stream().mapToInt(selected::indexOf).toArray()).toArray(int[][]::new);
    }

    /**
     * Maps {@code read}. A key shared by several source rows (a key column that is not unique) is
     * a reject for every row after the first.
     *
     * @param after the key before the first row ({@code null} at the start), to tell a repeated key
     */
    Batch map(List<String[]> read, String after) {
        List<String[]> rows = new ArrayList<>(read.size());
        List<String[]> sources = new ArrayList<>(read.size());
        List<String> legacy = new ArrayList<>(read.size());
        List<String> keys = new ArrayList<>(read.size());
        List<String[]> parentKeys = new ArrayList<>(read.size());
        List<Reject> rejects = new ArrayList<>();
        long bytes = 0;
        String lastKey = after;
        for (String[] src : read) {
            String key = job.mapper().legacyKey(src);
            if (key != null && key.equals(lastKey)) {
                rejects.add(new Reject(key, sourceJson(src), "duplicate key: another source row has "
                        + String.join(", ", job.plan().keyColumns()) + " = " + key, String.join(", ", job.plan().keyColumns()), sourceJson(src)));
                continue;
            }
            lastKey = key;
            try {
                String[] mapped = job.mapFirstPass(src);
                rows.add(mapped);
                sources.add(src);
                legacy.add(key);
                keys.add(job.mapper().newKey(key));
                String[] parents = new String[referenceColumns.length];
                for (int i = 0; i < parents.length; i++) {
                    parents[i] = KeyTuples.of(src, referenceColumns[i]);
                }
                parentKeys.add(parents);
                bytes += bytes(mapped) + bytes(src);
            } catch (RowMapper.RowRejected r) {
                String json = sourceJson(src);
                rejects.add(new Reject(key, json, r.getMessage(), r.column(), json));
            }
        }
        return new Batch(rows, sources, legacy, keys, parentKeys, rejects, read.size(), lastKey, bytes, false, null);
    }

    /** Every source row with the legacy key {@code key}: one, unless the key column is not unique. */
    List<String[]> sameKey(Connection source, String key) throws SQLException {
        List<String[]> rows = new ArrayList<>(1);
        try (PreparedStatement ps = source.prepareStatement(job.query().sameKey())) {
            job.query().bindKey(ps, 1, key, job.integerKey());
            collect(ps, rows);
        }
        return rows;
    }

    /** Reads the rows of a source query as text, column by column. */
    void collect(PreparedStatement ps, List<String[]> into) throws SQLException {
        int columns = job.query().selected().size();
        try (ResultSet rs = ps.executeQuery()) {
            TextRow text = TextRow.of(rs);
            while (rs.next()) {
                into.add(text.read(rs, columns));
            }
        }
    }

    private static long bytes(String[] values) {
        long n = 0;
        for (String v : values) {
            n += v == null ? 8 : 40 + 2L * v.length();
        }
        return n;
    }

    /** A source row as JSON, by the names the source query selects. */
    String sourceJson(String[] src) {
        return json(job.query().selected(), src);
    }

    /** A mapped row as JSON, by target column. */
    String targetJson(String[] values) {
        return json(job.mapper().targetColumns(), values);
    }

    private static String json(List<String> names, String[] values) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            row.put(names.get(i), values[i]);
        }
        try {
            return Json.mapper().writeValueAsString(row);
        } catch (JsonProcessingException e) {
            return row.toString();
        }
    }
}
