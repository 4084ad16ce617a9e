package dev.ferry.verify;

import dev.ferry.transfer.plan.RowMapper;
import dev.ferry.transfer.plan.KeyUuids;
import dev.ferry.db.CanonicalForm;
import dev.ferry.db.Dialect;
import dev.ferry.db.RowHash;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The row-hash terms of the columns only Ferry can compute (the name-based UUIDs of keys and
 * references), added to the partial sum the source database computed for the rest before the
 * row's key is mixed in ({@link RowHash#mix}). It runs once per
 * source row, so it writes each UUID's text into one reused buffer and hashes those bytes: no
 * UUID, String or digest array per value. Kept apart from the read loop so that the JIT compiles
 * this small method early instead of waiting for the whole loop.
 */
final class DerivedKeyTerms {
    private final RowHash hash;
    private final int[] columns;
    private final int[] resultColumns;
    private final KeyUuids.TextWriter[] writers;
    private final byte[] text = new byte[KeyUuids.TEXT_LENGTH];

    /**
     * @param columns     the target columns (positions in the row hash) holding derived keys
     * @param firstResult the result-set column of the first one's legacy key; the rest follow
     */
    DerivedKeyTerms(List<RowMapper.Origin> origins, int[] columns, int firstResult, Dialect target) {
        this.hash = new RowHash(target.hashing().columnHash());
        this.columns = columns;
        this.resultColumns = new int[columns.length];
        this.writers = new KeyUuids.TextWriter[columns.length];
        for (int i = 0; i < columns.length; i++) {
            resultColumns[i] = firstResult + i;
            writers[i] = new KeyUuids.TextWriter(((RowMapper.Derived) origins.get(columns[i])).entity());
        }
    }

    /**
     * Whether a UUID's text is already canonical for every derived column: true for the text-like
     * forms a UUID column takes (lower-case hex is unchanged by them).
     */
    static boolean appliesTo(CanonicalForm[] forms) {
        for (CanonicalForm f : forms) {
            if (f != CanonicalForm.TEXT && f != CanonicalForm.LOWER && f != CanonicalForm.TRIMMED) {
                return false;
            }
        }
        return true;
    }

    /** The sum of the derived columns' terms for the current row of {@code rs}. */
    long sum(ResultSet rs) throws SQLException {
        long sum = 0;
        for (int i = 0; i < columns.length; i++) {
            String legacy = rs.getString(resultColumns[i]);
            if (legacy != null) {
                writers[i].write(legacy, text);
                sum += hash.columnUtf8(columns[i], text, text.length);
            }
        }
        return sum;
    }
}
