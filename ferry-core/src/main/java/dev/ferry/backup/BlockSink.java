package dev.ferry.backup;

import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Where one table's COPY text goes during a backup: hashed as it arrives, cut into blocks of
 * {@link ArchiveFormat#BLOCK_SIZE}, compressed on the dumping thread and appended to the archive.
 * Holds one block at a time, whatever the table's size.
 */
final class BlockSink extends OutputStream {
    private final ArchiveWriter writer;
    private final int table;
    private final byte[] buffer = new byte[ArchiveFormat.BLOCK_SIZE];
    private final MessageDigest md;
    private final ZstdCompressCtx zstd = BlockCodec.newContext();
    private int fill;
    private int blocks;
    private long bytes;
    private boolean closed;

    BlockSink(ArchiveWriter writer, int table) {
        this.writer = writer;
        this.table = table;
        try {
            this.md = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (fill == buffer.length) {
            flushBlock(false);
        }
        buffer[fill++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (fill == buffer.length) {
                flushBlock(false);
            }
            int n = Math.min(len, buffer.length - fill);
            System.arraycopy(b, off, buffer, fill, n);
            fill += n;
            off += n;
            len -= n;
        }
    }

    private void flushBlock(boolean last) throws IOException {
        md.update(buffer, 0, fill);
        bytes += fill;
        writer.writeBlock(ArchiveFormat.DATA, table, blocks++, last, fill, BlockCodec.compress(zstd, buffer, fill));
        fill = 0;
    }

    /** Writes the last block (possibly empty) that marks the table's end. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                flushBlock(true);
            } finally {
                zstd.close();
            }
        }
    }

    String sha256() {
        return HexFormat.of().formatHex(md.digest());
    }

    long bytes() {
        return bytes;
    }

    int blocks() {
        return blocks;
    }
}
