package dev.ferry.transfer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    });

    private KeyUuids() {
    }

    public static UUID of(String entity, String legacyKey) {
        MessageDigest sha1 = SHA1.get(); // digest() below leaves it reset for the next key
        sha1.update(NAMESPACE_BYTES);
        sha1.update(entity.getBytes(StandardCharsets.UTF_8));
        sha1.update((byte) ':');
        sha1.update(legacyKey.getBytes(StandardCharsets.UTF_8));
        byte[] h = sha1.digest();
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }
}
