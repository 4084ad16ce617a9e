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
 * references), added to the hash the source database computed for the rest. It runs once per
 * source row, so it writes each UUID's text into one reused buffer and hashes those bytes: no
 * UUID, String or digest array per value. Kept apart from the read loop so that the JIT compiles
 * this small method early instead of waiting for the whole loop.
 *
 * <p>References repeat: a million patients point at twenty thousand doctors and a thousand
 * offices. Each column keeps the UUID texts of its latest legacy keys in a small table indexed by
 * the key's hash, so a repeated parent costs a string comparison instead of a SHA-1. The text
 * is a function of the legacy key alone, so a remembered one is exactly the one derived again.
 */
final class DerivedKeyTerms {
    /** Remembered keys per column: a power of two. */
    static final int REMEMBERED = 1 << 15;
    private static final int TEXT = KeyUuids.TEXT_LENGTH;

    private final RowHash hash;
    private final int[] columns;
    private final int[] resultColumns;
    private final KeyUuids.TextWriter[] writers;
    private final String[][] keys;
    private final byte[][] texts;
    private final byte[] scratch = new byte[TEXT];

    /**
     * @param columns     the target columns (positions in the row hash) holding derived keys
     * @param firstResult the result-set column of the first one's legacy key; the rest follow
     */
    DerivedKeyTerms(List<RowMapper.Origin> origins, int[] columns, int firstResult, Dialect target) {
        this.hash = new RowHash(target.hashing().columnHash());
        this.columns = columns;
        this.resultColumns = new int[columns.length];
        this.writers = new KeyUuids.TextWriter[columns.length];
        this.keys = new String[columns.length][REMEMBERED];
        this.texts = new byte[columns.length][REMEMBERED * TEXT];
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

    /** The sum of the derived columns' terms for the current row of {@code rs}, whose legacy key is {@code key}. */
    long sum(ResultSet rs, long key) throws SQLException {
        long sum = 0;
        for (int i = 0; i < columns.length; i++) {
            String legacy = rs.getString(resultColumns[i]);
            if (legacy != null) {
                sum += hash.columnUtf8(key, columns[i], text(i, legacy), TEXT);
            }
        }
        return sum;
    }

    /** The UUID text of {@code legacy} in column {@code i}: remembered, or derived and remembered. */
    private byte[] text(int i, String legacy) {
        int slot = (legacy.hashCode() * 0x9E3779B9 >>> 17) & (REMEMBERED - 1);
        byte[] all = texts[i];
        if (!legacy.equals(keys[i][slot])) {
            writers[i].write(legacy, scratch);
            System.arraycopy(scratch, 0, all, slot * TEXT, TEXT);
            keys[i][slot] = legacy;
            return scratch;
        }
        System.arraycopy(all, slot * TEXT, scratch, 0, TEXT);
        return scratch;
    }
}
