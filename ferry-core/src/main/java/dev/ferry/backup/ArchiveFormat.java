package dev.ferry.backup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The layout of a {@code .fbk} archive. One file, written front to back so a backup streams:
 *
 * <pre>
 * "FERRYBK1" | header length (int) | header JSON (compression, encryption parameters)
 * block*     | each: kind, table, block number, last flag, raw length, payload length | payload
 * footer     | manifest block offset (long) | SHA-256 of every byte before the footer | "FBKFOOT1"
 * </pre>
 *
 * A payload is up to {@link #BLOCK_SIZE} bytes of one table's COPY text, compressed with zstd
 * (with its frame checksum) and, for an encrypted archive, sealed with AES-GCM. Blocks of tables
 * dumped in parallel interleave; each table's blocks are numbered and the last is flagged, so a
 * missing, repeated or reordered block is noticed. The manifest is the last block.
 */
final class ArchiveFormat {
    static final byte[] MAGIC = "FERRYBK1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FOOTER_MAGIC = "FBKFOOT1".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    static final int BLOCK_SIZE = 4 << 20;
    static final int BLOCK_HEADER = 18;
    static final int FOOTER = 8 + 32 + 8;
    static final byte DATA = 1;
    static final byte MANIFEST = 2;
    static final String EXTENSION = ".fbk";
    static final String PARTIAL = ".partial";

    private ArchiveFormat() {
    }

    /** One block's header, which an encrypted archive also authenticates. */
    record BlockHeader(byte kind, int table, int block, boolean last, int rawLength, int payloadLength) {
        byte[] bytes() {
            return ByteBuffer.allocate(BLOCK_HEADER).put(kind).putInt(table).putInt(block).put((byte) (last ? 1 : 0))
                    .putInt(rawLength).putInt(payloadLength).array();
        }

        static BlockHeader parse(ByteBuffer b) {
            return new BlockHeader(b.get(), b.getInt(), b.getInt(), b.get() == 1, b.getInt(), b.getInt());
        }
    }
}
