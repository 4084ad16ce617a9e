package dev.ferry.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.run.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an archive as {@code NAME.fbk.partial}, then fsyncs it and renames it to {@code NAME.fbk}
 * in one atomic step: a file with the final name is always complete. Blocks come from several
 * dumping threads; each is written whole under a lock.
 */
final class ArchiveWriter implements AutoCloseable {
    private final Path target;
    private final Path partial;
    private final FileChannel channel;
    private final MessageDigest fileDigest;
    private final ArchiveCipher cipher;
    private long position;
    private boolean finished;

    private ArchiveWriter(Path target, Path partial, FileChannel channel, MessageDigest digest, ArchiveCipher cipher) {
        this.target = target;
        this.partial = partial;
        this.channel = channel;
        this.fileDigest = digest;
        this.cipher = cipher;
    }

    /** Creates the partial file and writes the header; {@code passphrase} {@code null} for no encryption. */
    static ArchiveWriter create(Path target, char[] passphrase) {
        Path partial = target.resolveSibling(target.getFileName() + ArchiveFormat.PARTIAL);
        FileChannel channel;
        try {
            channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw cannotWrite(target.getParent(), e);
        }
        try {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("format", ArchiveFormat.FORMAT_VERSION);
            header.put("compression", "zstd");
            header.put("block_size", ArchiveFormat.BLOCK_SIZE);
            ArchiveCipher.Fresh fresh = passphrase == null ? null : ArchiveCipher.newParameters(passphrase);
            header.put("encryption", fresh == null ? null : fresh.parameters());
            byte[] json = Json.mapper().writeValueAsBytes(header);
            byte[] headerBytes = ByteBuffer.allocate(ArchiveFormat.MAGIC.length + 4 + json.length).put(ArchiveFormat.MAGIC)
                    .putInt(json.length).put(json).array();
            ArchiveCipher cipher = fresh == null ? null : ArchiveCipher.forKey(fresh.key(), headerBytes);
            ArchiveWriter w = new ArchiveWriter(target, partial, channel, MessageDigest.getInstance("SHA-256"), cipher);
            w.write(headerBytes);
            return w;
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            closeAndDelete(channel, partial);
            throw e instanceof FerryException fe ? fe : cannotWrite(target.getParent(), e);
        }
    }

    Path partial() {
        return partial;
    }

    /** Compresses (already done by the caller), seals and appends one block. */
    void writeBlock(byte kind, int table, int block, boolean last, int rawLength, byte[] compressed) throws IOException {
        byte[] payload = compressed;
        if (cipher != null) {
            payload = cipher.seal(new ArchiveFormat.BlockHeader(kind, table, block, last, rawLength, 0), compressed, compressed.length);
        }
        byte[] header = new ArchiveFormat.BlockHeader(kind, table, block, last, rawLength, payload.length).bytes();
        synchronized (this) {
            write(header);
            write(payload);
        }
    }

    /** Appends the manifest and the footer, makes the file durable and gives it its final name. */
    synchronized Path finish(BackupManifest manifest) {
        try {
            long manifestOffset = position;
            byte[] json = Json.mapper().writeValueAsBytes(manifest);
            writeBlock(ArchiveFormat.MANIFEST, 0, 0, true, json.length, BlockCodec.compress(json, json.length));
            byte[] digest = fileDigest.digest();
            ByteBuffer footer = ByteBuffer.allocate(ArchiveFormat.FOOTER).putLong(manifestOffset).put(digest).put(ArchiveFormat.FOOTER_MAGIC);
            footer.flip();
            while (footer.hasRemaining()) {
                channel.write(footer);
            }
            channel.force(true);
            channel.close();
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(target.getParent());
            finished = true;
            return target;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render the manifest: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw cannotWrite(target.getParent(), e);
        }
    }

    private void write(byte[] bytes) throws IOException {
        fileDigest.update(bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            channel.write(b);
        }
        position += bytes.length;
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot open a directory for reading; the rename itself is still atomic.
        }
    }

    /** Deletes the partial file unless {@link #finish} succeeded. */
    @Override
    public void close() {
        if (!finished) {
            closeAndDelete(channel, partial);
        }
    }

    private static void closeAndDelete(FileChannel channel, Path partial) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The file is deleted next; a failed close changes nothing.
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // Best effort: the .partial suffix already says the file is incomplete.
        }
    }

    static FerryException cannotWrite(Path dir, Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (reason.contains("No space left")) {
            reason = "the disk is full (No space left on device)";
        }
        return new FerryException(ErrorCode.FAILURE, "Cannot write the backup in " + dir + ": " + reason
                + ". Free space or choose another directory with --out; no partial archive was left behind", e);
    }
}
