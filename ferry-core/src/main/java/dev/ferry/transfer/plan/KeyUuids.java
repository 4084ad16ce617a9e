package dev.ferry.transfer.plan;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Deterministic keys: a name-based (version 5, SHA-1) UUID of {@code entity:legacyKey} in Ferry's
 * namespace. Every run, resume and retry computes the same UUID for the same legacy row, and a
 * child computes its parent's new key from the legacy foreign key without a lookup.
 */
public final class KeyUuids {
    /** Ferry's namespace; fixed forever, or every key ever written would change. */
    private static final UUID NAMESPACE = UUID.fromString("6f1c6f2e-8f3a-5b7e-9d41-2a0c5e7b3d19");
    private static final byte[] NAMESPACE_BYTES = ByteBuffer.allocate(16)
            .putLong(NAMESPACE.getMostSignificantBits()).putLong(NAMESPACE.getLeastSignificantBits()).array();
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Length of a UUID's text: 32 hex digits and 4 dashes. */
    public static final int TEXT_LENGTH = 36;

    private KeyUuids() {
    }

    public static UUID of(String entity, String legacyKey) {
        Scratch scratch = SCRATCH.get();
        scratch.sha1.update(scratch.prefix(entity));
        scratch.sha1.update(legacyKey.getBytes(StandardCharsets.UTF_8));
        byte[] h = versioned(digest(scratch.sha1, scratch.digest));
        return new UUID(longAt(h, 0), longAt(h, 8));
    }

    /**
     * One thread's digest, digest buffer and name prefixes: a transfer derives a key for every row
     * and reference, and allocating these per key showed as its largest source of garbage.
     */
    private static final class Scratch {
        private final MessageDigest sha1 = sha1();
        private final byte[] digest = new byte[20];
        private final Map<String, byte[]> prefixes = new HashMap<>();

        byte[] prefix(String entity) {
            return prefixes.computeIfAbsent(entity, KeyUuids::prefix);
        }
    }

    /**
     * Writes the keys of one entity as text, for code that runs once per row and only needs the
     * bytes (hashing a derived key while verifying): the same text as {@code of(..).toString()},
     * without a UUID or a String per key. One per thread: it reuses its buffers.
     */
    public static final class TextWriter {
        private final MessageDigest sha1 = sha1();
        private final byte[] prefix;
        private final byte[] digest = new byte[20];

        public TextWriter(String entity) {
            prefix = prefix(entity);
        }

        /** Writes the lower-case text of the key for {@code legacyKey} into {@code out[0..36)}. */
        public void write(String legacyKey, byte[] out) {
            sha1.update(prefix);
            sha1.update(legacyKey.getBytes(StandardCharsets.UTF_8));
            versioned(digest(sha1, digest));
            int o = 0;
            for (int i = 0; i < 16; i++) {
                if (i == 4 || i == 6 || i == 8 || i == 10) {
                    out[o++] = '-';
                }
                out[o++] = HEX[(digest[i] >> 4) & 0xf];
                out[o++] = HEX[digest[i] & 0xf];
            }
        }
    }

    /** The bytes hashed before a legacy key: the namespace, the entity's name and a colon. */
    private static byte[] prefix(String entity) {
        byte[] name = entity.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = new byte[NAMESPACE_BYTES.length + name.length + 1];
        System.arraycopy(NAMESPACE_BYTES, 0, prefix, 0, NAMESPACE_BYTES.length);
        System.arraycopy(name, 0, prefix, NAMESPACE_BYTES.length, name.length);
        prefix[prefix.length - 1] = ':';
        return prefix;
    }

    /** Finishes the digest into {@code into}, which leaves it reset for the next key. */
    private static byte[] digest(MessageDigest sha1, byte[] into) {
        try {
            sha1.digest(into, 0, into.length);
        } catch (DigestException e) {
            throw new IllegalStateException("a SHA-1 digest is 20 bytes", e);
        }
        return into;
    }

    private static long longAt(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    /** Sets the version (5) and variant (RFC 4122) bits of a SHA-1 digest's first 16 bytes. */
    private static byte[] versioned(byte[] h) {
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        return h;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    }
}
