package dev.ferry.backup;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.run.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads an archive: header, footer and manifest on open (a truncated file, a foreign file and a
 * wrong passphrase fail here), then each table's stream on demand, checking block order,
 * authentication, zstd checksums and finally the table's SHA-256.
 */
final class ArchiveReader implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final Map<String, Object> header;
    private final ArchiveCipher cipher;
    private final long footerStart;
    private final byte[] fileDigest;
    private final long manifestOffset;
    private final BackupManifest manifest;
    private Map<Integer, List<long[]>> blocks;

    private ArchiveReader(Path file, FileChannel channel, Map<String, Object> header, ArchiveCipher cipher, long footerStart,
                          byte[] fileDigest, long manifestOffset, BackupManifest manifest) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.cipher = cipher;
        this.footerStart = footerStart;
        this.fileDigest = fileDigest;
        this.manifestOffset = manifestOffset;
        this.manifest = manifest;
    }

    /** Whether the archive is encrypted, read from its header alone. */
    static boolean isEncrypted(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, ch).get("encryption") != null;
        } catch (NoSuchFileException e) {
            throw FerryException.invalidInput("No archive at " + file + "; 'ferry backup list' shows the archives there are");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * Opens an archive.
     *
     * @param passphrase needed when the archive is encrypted; ignored otherwise
     */
    static ArchiveReader open(Path file, char[] passphrase) {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw FerryException.invalidInput("No archive at " + file + "; 'ferry backup list' shows the archives there are");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        try {
            Map<String, Object> header = readHeader(file, ch);
            long headerEnd = ch.position();
            long size = ch.size();
            if (size < headerEnd + ArchiveFormat.FOOTER) {
                throw damaged(file, "it is truncated: it ends before its footer (the backup did not finish, or the file was cut)");
            }
            ByteBuffer footer = read(ch, size - ArchiveFormat.FOOTER, ArchiveFormat.FOOTER);
            long manifestOffset = footer.getLong();
            byte[] digest = new byte[32];
            footer.get(digest);
            byte[] magic = new byte[8];
            footer.get(magic);
            if (!java.util.Arrays.equals(magic, ArchiveFormat.FOOTER_MAGIC)) {
                long end = footerEndBefore(ch, headerEnd, size);
                if (end > 0) {
                    throw damaged(file, (size - end) + " byte(s) were appended after its end (byte " + end + "); cut them off (truncate "
                            + "the file to " + end + " bytes) and verify it again");
                }
                throw damaged(file, "it is truncated or damaged: its footer is missing (the backup did not finish, or the file was cut)");
            }
            if (manifestOffset < headerEnd || manifestOffset + ArchiveFormat.BLOCK_HEADER > size - ArchiveFormat.FOOTER) {
                throw damaged(file, "its footer points outside the file");
            }
            ArchiveCipher cipher = null;
            @SuppressWarnings("unchecked")
            Map<String, Object> encryption = (Map<String, Object>) header.get("encryption");
            if (encryption != null) {
                if (passphrase == null) {
                    throw FerryException.invalidInput(file.getFileName() + " is encrypted: give its passphrase in FERRY_BACKUP_PASSPHRASE "
                            + "(or the variable named by --passphrase-env), or type it at the prompt");
                }
                cipher = ArchiveCipher.open(encryption, passphrase, headerBytes(ch, headerEnd));
            }
            ArchiveReader r = new ArchiveReader(file, ch, header, cipher, size - ArchiveFormat.FOOTER, digest, manifestOffset, null);
            byte[] json = r.readBlock(manifestOffset, ArchiveFormat.MANIFEST, "the manifest");
            BackupManifest manifest = ManifestJson.MAPPER.readValue(json, BackupManifest.class);
            return new ArchiveReader(file, ch, header, cipher, size - ArchiveFormat.FOOTER, digest, manifestOffset, manifest);
        } catch (IOException e) {
            closeQuietly(ch);
            throw damaged(file, "its manifest cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    BackupManifest manifest() {
        return manifest;
    }

    Path file() {
        return file;
    }

    boolean encrypted() {
        return header.get("encryption") != null;
    }

    /** Whether every byte before the footer still has the SHA-256 recorded when the archive was finished. */
    boolean fileChecksumMatches() throws IOException {
        MessageDigest md = sha256();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long pos = 0;
        while (pos < footerStart) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), footerStart - pos));
            int n = channel.read(buf, pos);
            if (n < 0) {
                return false;
            }
            buf.flip();
            md.update(buf);
            pos += n;
        }
        return MessageDigest.isEqual(md.digest(), fileDigest);
    }

    /** The table's COPY text, checked block by block and against its SHA-256 at the end. */
    InputStream table(BackupManifest.Table table) {
        List<long[]> list = index().getOrDefault(table.index(), List.of());
        return new TableStream(table, list);
    }

    private synchronized Map<Integer, List<long[]>> index() {
        if (blocks == null) {
            Map<Integer, List<long[]>> map = new HashMap<>();
            try {
                long pos = ((Number) header.get("_end")).longValue();
                while (pos < manifestOffset) {
                    ArchiveFormat.BlockHeader h = ArchiveFormat.BlockHeader.parse(read(channel, pos, ArchiveFormat.BLOCK_HEADER));
                    if (h.kind() != ArchiveFormat.DATA || h.payloadLength() < 0 || h.rawLength() < 0 || h.rawLength() > ArchiveFormat.BLOCK_SIZE) {
                        throw damaged(file, "the block at byte " + pos + " has a damaged header");
                    }
                    map.computeIfAbsent(h.table(), k -> new ArrayList<>())
                            .add(new long[] {pos, h.block(), h.last() ? 1 : 0, h.rawLength(), h.payloadLength()});
                    pos += ArchiveFormat.BLOCK_HEADER + h.payloadLength();
                }
                if (pos != manifestOffset) {
                    throw damaged(file, "its blocks do not end where the manifest begins");
                }
            } catch (IOException e) {
                throw damaged(file, e.getMessage());
            }
            blocks = map;
        }
        return blocks;
    }

    private byte[] readBlock(long offset, byte kind, String what) throws IOException {
        ArchiveFormat.BlockHeader h = ArchiveFormat.BlockHeader.parse(read(channel, offset, ArchiveFormat.BLOCK_HEADER));
        if (h.kind() != kind || h.payloadLength() < 0 || offset + ArchiveFormat.BLOCK_HEADER + h.payloadLength() > footerStart) {
            throw damaged(file, what + " has a damaged header");
        }
        return payload(h, offset, what);
    }

    private byte[] payload(ArchiveFormat.BlockHeader h, long offset, String what) throws IOException {
        byte[] payload = new byte[h.payloadLength()];
        ByteBuffer b = ByteBuffer.wrap(payload);
        long pos = offset + ArchiveFormat.BLOCK_HEADER;
        while (b.hasRemaining()) {
            if (channel.read(b, pos + b.position()) < 0) {
                throw damaged(file, what + " is truncated");
            }
        }
        if (cipher != null) {
            try {
                payload = cipher.open(new ArchiveFormat.BlockHeader(h.kind(), h.table(), h.block(), h.last(), h.rawLength(), 0), payload);
            } catch (FerryException e) {
                throw damaged(file, what + " " + e.getMessage());
            }
        }
        try {
            return BlockCodec.decompress(payload, h.rawLength(), what);
        } catch (FerryException e) {
            throw damaged(file, e.getMessage());
        }
    }

    private final class TableStream extends InputStream {
        private final BackupManifest.Table table;
        private final List<long[]> blocks;
        private final MessageDigest md = sha256();
        private int next;
        private byte[] current = new byte[0];
        private int pos;
        private boolean done;

        TableStream(BackupManifest.Table table, List<long[]> blocks) {
            this.table = table;
            this.blocks = blocks;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (pos == current.length) {
                if (done) {
                    return -1;
                }
                advance();
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        private void advance() throws IOException {
            String what = "table " + table.qualifiedName(); // damaged() names the file
            if (next >= blocks.size()) {
                throw damaged(file, what + " is incomplete: block " + next + " is missing");
            }
            long[] blk = blocks.get(next);
            if (blk[1] != next) {
                throw damaged(file, what + ": block " + blk[1] + " found where block " + next + " belongs");
            }
            boolean last = blk[2] == 1;
            ArchiveFormat.BlockHeader h = new ArchiveFormat.BlockHeader(ArchiveFormat.DATA, table.index(), next, last, (int) blk[3], (int) blk[4]);
            current = payload(h, blk[0], what + ", block " + next);
            pos = 0;
            md.update(current);
            next++;
            if (last) {
                done = true;
                String actual = HexFormat.of().formatHex(md.digest());
                if (next != blocks.size()) {
                    throw damaged(file, what + " has blocks after its last one");
                }
                if (!actual.equals(table.sha256())) {
                    throw new ChecksumMismatch(table.qualifiedName(), table.sha256(), actual);
                }
            }
        }
    }

    /** A table's stream decoded cleanly but its SHA-256 differs from the manifest's. */
    static final class ChecksumMismatch extends IOException {
        final String table;

        ChecksumMismatch(String table, String expected, String actual) {
            super("the SHA-256 of table " + table + " is " + actual + ", but the manifest says " + expected);
            this.table = table;
        }
    }

    private static Map<String, Object> readHeader(Path file, FileChannel ch) throws IOException {
        if (ch.size() < ArchiveFormat.MAGIC.length + 4) {
            throw damaged(file, "it is truncated: it is only " + ch.size() + " bytes long");
        }
        ByteBuffer start = read(ch, 0, ArchiveFormat.MAGIC.length + 4);
        byte[] magic = new byte[ArchiveFormat.MAGIC.length];
        start.get(magic);
        if (!java.util.Arrays.equals(magic, ArchiveFormat.MAGIC)) {
            throw damaged(file, "it is not a Ferry archive (or its first bytes are damaged)");
        }
        int len = start.getInt();
        if (len <= 0 || len > 1 << 20 || ArchiveFormat.MAGIC.length + 4L + len > ch.size()) {
            throw damaged(file, "its header is damaged or truncated");
        }
        byte[] json = new byte[len];
        ByteBuffer jb = read(ch, ArchiveFormat.MAGIC.length + 4, len);
        jb.get(json);
        @SuppressWarnings("unchecked")
        Map<String, Object> header;
        try {
            header = new HashMap<>(Json.mapper().readValue(json, Map.class));
        } catch (IOException e) {
            throw damaged(file, "its header is damaged");
        }
        if (!Integer.valueOf(ArchiveFormat.FORMAT_VERSION).equals(header.get("format"))) {
            throw damaged(file, "it has format " + header.get("format") + ", which this Ferry cannot read");
        }
        long end = ArchiveFormat.MAGIC.length + 4L + len;
        header.put("_end", end);
        ch.position(end);
        return header;
    }

    private static byte[] headerBytes(FileChannel ch, long headerEnd) throws IOException {
        ByteBuffer b = read(ch, 0, (int) headerEnd);
        byte[] out = new byte[(int) headerEnd];
        b.get(out);
        return out;
    }

    /** How far back from the end {@link #footerEndBefore} looks for a footer followed by appended bytes. */
    private static final long APPENDED_SEARCH = 64L << 20;

    /**
     * Where a footer ends when something was appended after it (the last footer magic in the file's
     * last 64 MiB that is not at its end), or -1: tells appended bytes apart from a cut file.
     */
    private static long footerEndBefore(FileChannel ch, long headerEnd, long size) throws IOException {
        int m = ArchiveFormat.FOOTER_MAGIC.length;
        long from = Math.max(headerEnd, size - APPENDED_SEARCH);
        int chunk = 1 << 20;
        for (long hi = size; hi > from; hi -= chunk - m) {
            long lo = Math.max(from, hi - chunk);
            ByteBuffer b = read(ch, lo, (int) (hi - lo));
            for (int i = (int) (hi - lo) - m; i >= 0; i--) {
                if (b.get(i) == ArchiveFormat.FOOTER_MAGIC[0] && matchesMagic(b, i)) {
                    long end = lo + i + m;
                    return end < size && end - ArchiveFormat.FOOTER >= headerEnd ? end : -1;
                }
            }
            if (lo == from) {
                break;
            }
        }
        return -1;
    }

    private static boolean matchesMagic(ByteBuffer b, int at) {
        for (int j = 0; j < ArchiveFormat.FOOTER_MAGIC.length; j++) {
            if (b.get(at + j) != ArchiveFormat.FOOTER_MAGIC[j]) {
                return false;
            }
        }
        return true;
    }

    private static ByteBuffer read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (pos + b.position()));
            }
        }
        b.flip();
        return b;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Damaged damaged(Path file, String reason) {
        return new Damaged(file, reason);
    }

    /** The archive cannot be read as written: a foreign or cut file, a block that does not decode. */
    static final class Damaged extends FerryException {
        final String reason;

        Damaged(Path file, String reason) {
            super(ErrorCode.FAILURE, file.getFileName() + " cannot be used: " + reason);
            this.reason = reason;
        }
    }

    private static FerryException unreadable(Path file, IOException e) {
        return new FerryException(ErrorCode.FAILURE, "Cannot read " + file + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Nothing more to report about a file we are giving up on.
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
