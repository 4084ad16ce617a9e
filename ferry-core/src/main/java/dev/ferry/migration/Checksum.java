package dev.ferry.migration;

import dev.ferry.FerryException;
import java.io.IOException;
import java.io.Reader;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * The same checksum as {@link #of(String)} for a file's UTF-8 text, read in pieces so that a
     * large data file is never held in memory.
     */
    public static String of(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            CharBuffer chars = CharBuffer.allocate(8192);
            StringBuilder piece = new StringBuilder(8193);
            boolean first = true;
            boolean pendingCr = false;
            String carry = "";
            while (in.read(chars) >= 0) {
                chars.flip();
                piece.setLength(0);
                piece.append(carry);
                while (chars.hasRemaining()) {
                    char c = chars.get();
                    if (first && c == '\uFEFF') {
                        first = false;
                        continue;
                    }
                    first = false;
                    if (pendingCr) {
                        piece.append('\n');
                        pendingCr = false;
                        if (c == '\n') {
                            continue;
                        }
                    }
                    if (c == '\r') {
                        pendingCr = true;
                    } else {
                        piece.append(c);
                    }
                }
                chars.clear();
                // A surrogate pair split across two reads is encoded once both halves are here.
                String text = piece.toString();
                if (!text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
                    carry = text.substring(text.length() - 1);
                    text = text.substring(0, text.length() - 1);
                } else {
                    carry = "";
                }
                digest.update(text.getBytes(StandardCharsets.UTF_8));
            }
            if (pendingCr) {
                digest.update((byte) '\n');
            }
            return TAG + HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw FerryException.failure("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    static String normalize(String content) {
        String s = content.startsWith("\uFEFF") ? content.substring(1) : content;
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }
}
