package dev.ferry.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The Java half of the row hashes databases compute in SQL ({@link HashingSql#rowHashSql}). A row's
 * hash mixes its integer legacy key with the partial sum, modulo 2<sup>48</sup>, of one term per
 * column: the column's canonical text hashed with a seed made of the column's position, 0 for
 * NULL. The position keeps columns apart (a value moved to another column changes its term); the
 * key, mixed in once per row, keeps rows apart (values swapped between rows change both rows'
 * hashes, so a segment's sum). Terms free of the key let a database hash a table's rows before
 * joining them to the ID map for their keys, so the join carries two numbers per row instead of
 * the rows, and let the source database hash the columns it can while Ferry adds the ones only it
 * can (derived keys) and then mixes in the key. 48-bit hashes keep a segment's sum exact in a
 * 64-bit integer.
 */
public final class RowHash {
    /** Rows per segment must stay below this for segment sums to fit in a {@code long}. */
    public static final long MAX_SEGMENT_ROWS = 1L << 15;
    /** The low 48 bits: row hashes are kept below 2<sup>48</sup>. */
    public static final long MASK = (1L << 48) - 1;

    private final ColumnHash columnHash;

    public RowHash(ColumnHash columnHash) {
        this.columnHash = columnHash;
    }

    /** How one database hashes one column's text and mixes a row's key in; Ferry's copy must give the same numbers. */
    public interface ColumnHash {
        /** A hash below 2<sup>48</sup> of a non-null canonical text, seeded with the column's position. */
        long of(int column, String canonical);

        /** The same for a canonical text given as its first {@code length} UTF-8 bytes. */
        default long ofUtf8(int column, byte[] canonical, int length) {
            return of(column, new String(canonical, 0, length, java.nio.charset.StandardCharsets.UTF_8));
        }

        /** A row's hash below 2<sup>48</sup>: its key mixed with the partial sum (below 2<sup>48</sup>) of its column terms. */
        long mix(long key, long partial);
    }

    /** The seed part a column's position contributes: spread over all 64 bits. */
    public static long columnSeed(int column) {
        return (column + 1) * 0x9E3779B97F4A7C15L;
    }

    /** One column's term; 0 for NULL. */
    public long column(int column, String canonical) {
        return canonical == null ? 0 : columnHash.of(column, canonical);
    }

    /** One non-null column's term, its canonical text given as UTF-8 bytes. */
    public long columnUtf8(int column, byte[] canonical, int length) {
        return columnHash.ofUtf8(column, canonical, length);
    }

    /** The row hash of the row with this key whose column terms sum to {@code partial} (any long). */
    public long mix(long key, long partial) {
        return columnHash.mix(key, partial & MASK);
    }

    /** The hash of a row whose columns, in order, hold these canonical texts. */
    public long of(long key, String[] canonical) {
        long sum = 0;
        for (int i = 0; i < canonical.length; i++) {
            sum += column(i, canonical[i]);
        }
        return mix(key, sum);
    }

    /** Two partial sums of one row combined. */
    public static long add(long a, long b) {
        return (a + b) & MASK;
    }

    /**
     * The aggregate both sides of a comparison run: count and hash sum per segment of {@code size}
     * keys of the rows {@code from} yields ({@code from} is what follows FROM: tables, joins and the
     * WHERE clause). {@link #readSegmentSums} reads its result.
     */
    public static String segmentSumsSql(Dialect d, String key, long size, String rowHash, String from) {
        return "SELECT seg, COUNT(*), SUM(h) FROM (SELECT " + d.hashing().integerDivide(key, size) + " AS seg, " + rowHash + " AS h FROM " + from
                + ") x GROUP BY seg";
    }

    /** Segment to its count and hash sum, from the result of {@link #segmentSumsSql}. */
    public static Map<Long, long[]> readSegmentSums(ResultSet rs) throws SQLException {
        Map<Long, long[]> segments = new HashMap<>();
        while (rs.next()) {
            segments.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getBigDecimal(3).longValueExact()});
        }
        return segments;
    }
}
