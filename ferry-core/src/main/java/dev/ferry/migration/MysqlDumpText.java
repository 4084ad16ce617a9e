package dev.ferry.migration;

import dev.ferry.FerryException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Reads a file written by the MySQL tools ({@code mariadb-dump}, {@code mysqldump}) byte for byte,
 * as the {@code mariadb} client does. Such a dump holds BLOB values as raw bytes inside string
 * literals, which are not UTF-8; decoding the file as text would change them silently. A file
 * counts as one when its first lines say so: the dump's own {@code SET NAMES} header, or
 * {@code -- ferry:encoding binary}.
 *
 * <p>Everything outside string literals must still be UTF-8 (the SQL itself). A literal that is
 * UTF-8 is kept as written; one that is not is rewritten as the hex literal of its bytes
 * ({@code X'00ff'}, its backslash escapes resolved), which the server stores byte for byte in a
 * binary column, so the file's statements reach the server with the bytes the client would send.
 * The rewriting depends on the file alone, so its checksum is stable.
 */
final class MysqlDumpText {
    /** How far into the file the header is looked for. */
    private static final int HEADER = 4096;
    private static final Pattern DECLARES_BYTES =
            Pattern.compile("(?im)^\\s*(--\\s*ferry:encoding\\s+binary\\b|/\\*!\\d*\\s*SET\\s+NAMES\\s|SET\\s+NAMES\\s)");
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;
    private final String display;
    private final StringBuilder out;
    private int copiedUpTo;

    private MysqlDumpText(byte[] bytes, String display) {
        this.bytes = bytes;
        this.display = display;
        this.out = new StringBuilder(bytes.length);
    }

    /** Whether the file's first lines declare it a MySQL-tool file to be read byte for byte. */
    static boolean declared(byte[] bytes) {
        return DECLARES_BYTES.matcher(new String(bytes, 0, Math.min(bytes.length, HEADER), StandardCharsets.ISO_8859_1)).find();
    }

    /** The file's statements as text, with each non-UTF-8 string literal written as the hex literal of its bytes. */
    static String read(byte[] bytes, String display) {
        return new MysqlDumpText(bytes, display).scan();
    }

    private String scan() {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            byte b = bytes[i];
            if (b == '-' && at(i + 1) == '-' && (i + 2 >= n || isBlank(at(i + 2))) || b == '#') {
                i = after(i, (byte) '\n');
            } else if (b == '/' && at(i + 1) == '*' && at(i + 2) != '!') {
                int end = indexOf(i + 2, "*/");
                i = end < 0 ? n : end + 2;
            } else if (b == '`') {
                i = after(i + 1, (byte) '`');
            } else if (b == '\'' || b == '"') {
                i = literal(i, b);
            } else {
                i++;
            }
        }
        copyUpTo(n);
        return out.toString();
    }

    /** A string literal starting at {@code start}; returns the index after it. */
    private int literal(int start, byte quote) {
        int j = start + 1;
        while (j < bytes.length) {
            byte c = bytes[j];
            if (c == '\\') {
                j += 2;
            } else if (c == quote && at(j + 1) == quote) {
                j += 2;
            } else if (c == quote) {
                break;
            } else {
                j++;
            }
        }
        int end = Math.min(j + 1, bytes.length);
        if (!isUtf8(start, end)) {
            copyUpTo(start);
            out.append("X'").append(HEX.formatHex(unescape(start + 1, Math.min(j, bytes.length), quote))).append('\'');
            copiedUpTo = end;
        }
        return end;
    }

    /** The bytes a literal's content stands for, with MySQL's backslash escapes and doubled quotes resolved. */
    private byte[] unescape(int from, int to, byte quote) {
        ByteBuffer b = ByteBuffer.allocate(to - from);
        for (int i = from; i < to; i++) {
            byte c = bytes[i];
            if (c == '\\' && i + 1 < to) {
                byte e = bytes[++i];
                switch (e) {
                    case '0' -> b.put((byte) 0);
                    case 'b' -> b.put((byte) 8);
                    case 'n' -> b.put((byte) '\n');
                    case 'r' -> b.put((byte) '\r');
                    case 't' -> b.put((byte) '\t');
                    case 'Z' -> b.put((byte) 26);
                    case '%', '_' -> b.put((byte) '\\').put(e); // kept with their backslash, as MySQL does
                    default -> b.put(e);
                }
            } else if (c == quote && i + 1 < to && bytes[i + 1] == quote) {
                b.put(c);
                i++;
            } else {
                b.put(c);
            }
        }
        byte[] result = new byte[b.position()];
        b.flip().get(result);
        return result;
    }

    /** Appends the bytes not yet copied, up to {@code to}, as UTF-8 text; anything else there is refused by line and byte. */
    private void copyUpTo(int to) {
        if (to <= copiedUpTo) {
            return;
        }
        try {
            out.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, copiedUpTo, to - copiedUpTo)));
        } catch (CharacterCodingException e) {
            int bad = firstInvalid(copiedUpTo, to);
            throw FerryException.invalidInput(display + ":" + line(bad) + ": not valid UTF-8 at byte offset " + bad
                    + String.format(" (byte 0x%02X)", bytes[bad] & 0xFF) + " outside a string literal; in a file read byte for byte "
                    + "(a MySQL-tool dump), only string literals may hold other bytes");
        }
        copiedUpTo = to;
    }

    private boolean isUtf8(int from, int to) {
        return firstInvalid(from, to) < 0;
    }

    /** The offset of the first byte in {@code [from, to)} that does not start or continue a UTF-8 sequence there; -1 if none. */
    private int firstInvalid(int from, int to) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        var r = decoder.decode(in, java.nio.CharBuffer.allocate(to - from + 1), true);
        return r.isError() ? in.position() : -1;
    }

    private int line(int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            line += bytes[i] == '\n' ? 1 : 0;
        }
        return line;
    }

    private byte at(int i) {
        return i < bytes.length ? bytes[i] : 0;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private int after(int from, byte end) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == end) {
                return i + 1;
            }
        }
        return bytes.length;
    }

    private int indexOf(int from, String s) {
        outer:
        for (int i = from; i + s.length() <= bytes.length; i++) {
            for (int k = 0; k < s.length(); k++) {
                if (bytes[i + k] != s.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
