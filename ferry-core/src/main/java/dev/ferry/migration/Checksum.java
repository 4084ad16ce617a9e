package dev.ferry.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The checksum recorded for a script. It is SHA-256 over the text with a leading byte-order mark
 * removed and every line ending turned into {@code \n}, so a Windows checkout with CRLF endings
 * does not look like drift. The format is tagged ({@code sha256:}) and frozen: changing it would
 * make every existing history look drifted, so a test pins it with a fixed vector.
 */
public final class Checksum {
    public static final String TAG = "sha256:";

    private Checksum() {
    }

    public static String of(String content) {
        String normalized = normalize(content);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
            return TAG + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    static String normalize(String content) {
        String s = content.startsWith("\uFEFF") ? content.substring(1) : content;
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }
}
