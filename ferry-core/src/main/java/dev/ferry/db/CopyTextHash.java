package dev.ferry.db;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * An order-independent hash of rows in COPY text (one row a line): the count of lines and the sum,
 * modulo 2^64, of PostgreSQL's {@code hashtextextended} of each line with a seed, the line in the
 * form {@link RowsHashForm} gives (text columns written as length and text). PostgreSQL computes
 * the same sum over a table's rows ({@link ArchiveSql#rowsHashForm}), so a restore
 * compares what it loaded with what the table holds without reading the rows back. Rows that
 * differ give the same count and sum by chance about once in 2^64; the seed is drawn per restore,
 * so no fixed pair of values collides in every restore.
 */
public final class CopyTextHash extends OutputStream {
    private final long seed;
    private final LengthPrefixedFields rewrite;
    private byte[] carry = new byte[256];
    private int carried;
    private long sum;
    private long rows;

    /** Hashes each line as it is. */
    public CopyTextHash(long seed) {
        this(seed, new boolean[0]);
    }

    /** Hashes each line with the fields of {@code lengthPrefixed} columns written as length and text. */
    public CopyTextHash(long seed, boolean[] lengthPrefixed) {
        this.seed = seed;
        boolean any = false;
        for (boolean p : lengthPrefixed) {
            any |= p;
        }
        this.rewrite = any ? new LengthPrefixedFields(lengthPrefixed.clone()) : null;
    }

    public long seed() {
        return seed;
    }

    /** Feeds bytes of the stream; a line may span several calls. */
    public void update(byte[] b, int off, int len) {
        int start = off;
        int end = off + len;
        for (int i = newline(b, start, end); i >= 0; i = newline(b, start, end)) {
            if (carried > 0) {
                append(b, start, i - start);
                line(carry, 0, carried);
                carried = 0;
            } else {
                line(b, start, i - start);
            }
            start = i + 1;
        }
        append(b, start, end - start);
    }

    /**
     * The position of the first newline in {@code b[from, end)}, or -1; eight bytes at a time, as
     * looking for the ends of lines byte by byte took as long as hashing them.
     */
    static int newline(byte[] b, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long newlines = WordScan.zeros(WordScan.word(b, i) ^ (WordScan.ONES * '\n'));
            if (newlines != 0) {
                return i + WordScan.firstFlagged(newlines);
            }
        }
        for (; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The newlines in {@code b[off, off + len)}: the lines they end, for a check that only counts rows. */
    public static long newlines(byte[] b, int off, int len) {
        return WordScan.count(b, off, off + len, (byte) '\n');
    }

    private void append(byte[] b, int off, int len) {
        if (len == 0) {
            return;
        }
        if (carried + len > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carried + len));
        }
        System.arraycopy(b, off, carry, carried, len);
        carried += len;
    }

    private void line(byte[] b, int off, int len) {
        if (rewrite == null) {
            sum += PostgresTextHash.hash(b, off, len, seed);
        } else {
            rewrite.rewrite(b, off, len);
            sum += PostgresTextHash.hash(rewrite.bytes(), 0, rewrite.length(), seed);
        }
        rows++;
    }

    /** The lines seen so far (a last line without newline is not counted). */
    public long rows() {
        return rows;
    }

    /** The sum of the lines' hashes, wrapped to 64 bits. */
    public long sum() {
        return sum;
    }

    /** {@code in}, with every byte read from it also fed to this hash. */
    public InputStream tee(InputStream in) {
        return new TeeInputStream(in, this);
    }

    @Override
    public void write(int b) {
        update(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        update(b, off, len);
    }
}
