package dev.ferry.db;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A digest of rows in COPY text (one row a line) that does not depend on their order: the sum of
 * each line's SHA-256 and the count of lines. A restore feeds it the archive's stream as it loads
 * it and the restored table read back from the database; equal digests mean the database holds
 * exactly the archived values, whatever order it returns them in and whatever a trigger tried.
 */
public final class RowsDigest extends OutputStream {
    private final MessageDigest sha;
    private final long[] sum = new long[4];
    private byte[] line = new byte[256];
    private int length;
    private long rows;

    public RowsDigest() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            endLine();
            return;
        }
        if (length == line.length) {
            line = Arrays.copyOf(line, length * 2);
        }
        line[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void endLine() {
        sha.update(line, 0, length);
        byte[] h = sha.digest();
        for (int i = 0; i < sum.length; i++) {
            long part = 0;
            for (int j = 0; j < 8; j++) {
                part = (part << 8) | (h[i * 8 + j] & 0xff);
            }
            sum[i] += part;
        }
        length = 0;
        rows++;
    }

    /** The rows seen so far. */
    public long rows() {
        return rows;
    }

    /** Whether both saw the same rows, each as often, in any order (a last line without newline is not counted). */
    public boolean sameRows(RowsDigest other) {
        return rows == other.rows && Arrays.equals(sum, other.sum);
    }

    /** {@code in}, with every byte read from it also fed to this digest. */
    public InputStream tee(InputStream in) {
        return new TeeInputStream(in, this);
    }
}
