package dev.ferry.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Types;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Binary values as they travel through Ferry's text rows: PostgreSQL's bytea hex form
 * ({@code \x} and two lower-case hex digits a byte), which COPY loads into bytea as it is and
 * which MariaDB's writer turns back into bytes. Text would not do: bytes that are not UTF-8
 * (a zero byte, 0xFF) cannot pass through a string.
 */
public final class BinaryText {
    private static final HexFormat HEX = HexFormat.of();

    private BinaryText() {
    }

    /** Whether a JDBC type holds bytes rather than characters. */
    public static boolean isBinary(int jdbcType) {
        return jdbcType == Types.BINARY || jdbcType == Types.VARBINARY || jdbcType == Types.LONGVARBINARY || jdbcType == Types.BLOB;
    }

    /** The hex text of {@code bytes}; {@code null} stays {@code null}. */
    public static String of(byte[] bytes) {
        return bytes == null ? null : "\\x" + HEX.formatHex(bytes);
    }

    /** Whether {@code value} is in the hex form of {@link #of}, in either letter case. */
    public static boolean isHex(String value) {
        if (value == null || value.length() % 2 != 0 || !value.startsWith("\\x")) {
            return false;
        }
        for (int i = 2; i < value.length(); i++) {
            if (Character.digit(value.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of a value: hex text decoded, any other text as its UTF-8 bytes (as a binary column would store it). */
    public static byte[] bytes(String value) {
        return isHex(value) ? HEX.parseHex(value.toLowerCase(Locale.ROOT), 2, value.length())
                : value.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether two values hold the same bytes, whatever the hex letter case. */
    public static boolean sameBytes(String a, String b) {
        return Arrays.equals(bytes(a), bytes(b));
    }

    /** Whether {@code value} is a UUID's text (8-4-4-4-12 hex digits). */
    public static boolean isUuid(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23 ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The 16 bytes of a UUID's text, as a BINARY(16) column stores them. */
    public static byte[] uuidBytes(String uuid) {
        return HEX.parseHex(uuid.replace("-", "").toLowerCase(Locale.ROOT));
    }

    /** The UUID text (lower case) of 16 bytes in hex form; any other value as it is. */
    public static String uuidText(String value) {
        if (!isHex(value) || value.length() != 34) {
            return value;
        }
        String h = value.substring(2).toLowerCase(Locale.ROOT);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
    }

    /**
     * How reports show a binary value: its length and the start of its SHA-256, e.g.
     * {@code <72,431 bytes sha256:ab12cd34ef56ab78…>}; never the bytes, which may be megabytes.
     */
    public static String describe(String value) {
        if (value == null) {
            return null;
        }
        byte[] b = bytes(value);
        try {
            String digest = HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(b));
            return String.format(Locale.ROOT, "<%,d bytes sha256:%s…>", b.length, digest.substring(0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
