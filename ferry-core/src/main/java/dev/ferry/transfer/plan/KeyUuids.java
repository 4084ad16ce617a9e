package dev.ferry.transfer.plan;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(KeyUuids::sha1);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Length of a UUID's text: 32 hex digits and 4 dashes. */
    public static final int TEXT_LENGTH = 36;

    private KeyUuids() {
    }

    public static UUID of(String entity, String legacyKey) {
        MessageDigest sha1 = SHA1.get(); // digest() below leaves it reset for the next key
        sha1.update(NAMESPACE_BYTES);
        sha1.update(entity.getBytes(StandardCharsets.UTF_8));
        sha1.update((byte) ':');
        sha1.update(legacyKey.getBytes(StandardCharsets.UTF_8));
        byte[] h = sha1.digest();
        ByteBuffer b = ByteBuffer.wrap(versioned(h), 0, 16);
        return new UUID(b.getLong(), b.getLong());
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
            byte[] name = entity.getBytes(StandardCharsets.UTF_8);
            prefix = new byte[NAMESPACE_BYTES.length + name.length + 1];
            System.arraycopy(NAMESPACE_BYTES, 0, prefix, 0, NAMESPACE_BYTES.length);
            System.arraycopy(name, 0, prefix, NAMESPACE_BYTES.length, name.length);
            prefix[prefix.length - 1] = ':';
        }

        /** Writes the lower-case text of the key for {@code legacyKey} into {@code out[0..36)}. */
        public void write(String legacyKey, byte[] out) {
            sha1.update(prefix);
            sha1.update(legacyKey.getBytes(StandardCharsets.UTF_8));
            try {
                sha1.digest(digest, 0, digest.length);
            } catch (DigestException e) {
                throw new IllegalStateException("a SHA-1 digest is 20 bytes", e);
            }
            versioned(digest);
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
