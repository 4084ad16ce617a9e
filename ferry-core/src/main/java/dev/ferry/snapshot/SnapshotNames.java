package dev.ferry.snapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.sql.SQLException;

/**
 * Names of snapshot copies: {@code backup_<UTC yyyyMMddHHmmss>_<table>}. A name that would pass
 * the database's identifier limit, or that is taken already, keeps as much of the table's name
 * as fits and ends in a short hash, so two tables never share a copy.
 */
final class SnapshotNames {
    static final String PREFIX = "backup_";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final int HASH_CHARS = 8;

    private SnapshotNames() {
    }

    /** Whether a table of that name exists already (asked of the database). */
    @FunctionalInterface
    public interface Taken {
        boolean test(String name) throws SQLException;
    }

    /**
     * @param maxBytes the database's identifier limit in UTF-8 bytes
     * @param taken whether a table of that name exists already
     */
    public static String copyName(Instant at, String table, String snapshotId, int maxBytes, Taken taken) throws SQLException {
        String plain = PREFIX + STAMP.format(at) + "_" + table;
        if (bytes(plain) <= maxBytes && !taken.test(plain)) {
            return plain;
        }
        for (int attempt = 0; ; attempt++) {
            String hash = hash(table + "\n" + snapshotId + "\n" + attempt);
            String suffix = "_" + hash;
            String head = fit(plain, maxBytes - suffix.length());
            String name = head + suffix;
            if (!taken.test(name)) {
                return name;
            }
        }
    }

    /** The longest prefix of {@code s} that fits in {@code maxBytes} bytes of UTF-8 without splitting a character. */
    private static String fit(String s, int maxBytes) {
        int end = 0;
        int used = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > maxBytes) {
                break;
            }
            used += size;
            end += Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
