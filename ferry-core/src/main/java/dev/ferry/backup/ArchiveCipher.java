package dev.ferry.backup;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption of archive blocks with the JDK alone: a 256-bit key from the
 * passphrase by PBKDF2-HMAC-SHA256 with a random salt per archive, and AES-GCM per block. The
 * nonce is made of the block's identity (kind, table, number, last flag), which is unique within
 * an archive, and the key is unique to the archive, so a nonce never repeats under one key. The
 * archive header is authenticated with every block, so no parameter can be swapped unnoticed.
 */
final class ArchiveCipher {
    static final String ALGORITHM = "AES-256-GCM";
    static final String KDF = "PBKDF2WithHmacSHA256";
    static final int ITERATIONS = 600_000;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final byte[] headerDigest;

    private ArchiveCipher(SecretKeySpec key, byte[] headerDigest) {
        this.key = key;
        this.headerDigest = headerDigest;
    }

    /** Parameters for a new archive and the key they derive, so the writer need not derive it twice. */
    record Fresh(Map<String, Object> parameters, byte[] key) {
    }

    /** Fresh parameters for a new archive: a random salt and the key check of the derived key. */
    static Fresh newParameters(char[] passphrase) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] key = derive(passphrase, salt, ITERATIONS);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("cipher", ALGORITHM);
        p.put("kdf", KDF);
        p.put("iterations", ITERATIONS);
        p.put("salt", Base64.getEncoder().encodeToString(salt));
        p.put("key_check", Base64.getEncoder().encodeToString(keyCheck(key)));
        return new Fresh(p, key);
    }

    /** The cipher for an archive whose header holds {@code parameters}; a wrong passphrase fails here. */
    static ArchiveCipher open(Map<String, Object> parameters, char[] passphrase, byte[] headerBytes) {
        if (!ALGORITHM.equals(parameters.get("cipher")) || !KDF.equals(parameters.get("kdf"))) {
            throw new FerryException(ErrorCode.FAILURE, "The archive uses encryption this Ferry does not know: " + parameters.get("cipher"));
        }
        byte[] salt = Base64.getDecoder().decode((String) parameters.get("salt"));
        int iterations = ((Number) parameters.get("iterations")).intValue();
        byte[] key = derive(passphrase, salt, iterations);
        byte[] expected = Base64.getDecoder().decode((String) parameters.get("key_check"));
        if (!MessageDigest.isEqual(expected, keyCheck(key))) {
            // Exit 3: the archive's key check did not verify against this passphrase.
            throw new FerryException(ErrorCode.VALIDATION_FAILED, "Wrong passphrase for this encrypted archive: its key check does not "
                    + "match (a damaged header fails the same way); nothing was read. Give the passphrase the backup was taken with "
                    + "in FERRY_BACKUP_PASSPHRASE (or the variable named by --passphrase-env), or type it at the prompt");
        }
        return new ArchiveCipher(new SecretKeySpec(key, "AES"), sha256(headerBytes));
    }

    static ArchiveCipher forKey(byte[] key, byte[] headerBytes) {
        return new ArchiveCipher(new SecretKeySpec(key, "AES"), sha256(headerBytes));
    }

    byte[] seal(ArchiveFormat.BlockHeader header, byte[] plain, int length) {
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, header);
            return c.doFinal(plain, 0, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed: " + e.getMessage(), e);
        }
    }

    /** Decrypts a block, or fails when a single bit of it, its header or the archive header changed. */
    byte[] open(ArchiveFormat.BlockHeader header, byte[] sealed) {
        try {
            return cipher(Cipher.DECRYPT_MODE, header).doFinal(sealed);
        } catch (AEADBadTagException e) {
            // The caller names the block; saying it here too printed "block 0 block 0".
            throw new FerryException(ErrorCode.FAILURE, "failed authentication: the archive was altered or damaged");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed: " + e.getMessage(), e);
        }
    }

    private Cipher cipher(int mode, ArchiveFormat.BlockHeader header) throws GeneralSecurityException {
        // Payload length differs between plaintext and ciphertext, so it is left out of the
        // authenticated data; the ciphertext's own tag covers it.
        ByteBuffer nonce = ByteBuffer.allocate(12).put(header.kind()).putInt(header.table()).putInt(header.block())
                .put((byte) (header.last() ? 1 : 0));
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce.array()));
        c.updateAAD(headerDigest);
        c.updateAAD(ByteBuffer.allocate(4).putInt(header.rawLength()).array());
        return c;
    }

    private static byte[] derive(char[] passphrase, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(KDF + " is not available: " + e.getMessage(), e);
        }
    }

    private static byte[] keyCheck(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal("ferry archive key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
