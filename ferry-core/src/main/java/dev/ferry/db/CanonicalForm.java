package dev.ferry.db;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * How a column's value is written as text before it is hashed, so a value computed in Java and
 * the same value read back from a database hash alike. Each {@link Dialect} picks a form per
 * column type and renders it in SQL; this enum renders it in Java.
 *
 * <p>The rule every form keeps: two values with equal canonical text are the same value. The
 * converse may fail (a form may not know every spelling), which only costs a closer look.
 */
public enum CanonicalForm {
    /** The text as it is. */
    TEXT,
    /** Trailing blanks dropped (fixed-width CHAR). */
    TRIMMED,
    /** Lower case (UUID; a BINARY(16) as its UUID text). */
    LOWER,
    /** 1 or 0. */
    BOOLEAN,
    /** An integer without sign of a fraction. */
    INTEGER,
    /** A decimal with exactly the column's scale. */
    DECIMAL,
    /** A date or timestamp, {@code T} as a blank, trailing zeros of the fraction dropped. */
    TIMESTAMP,
    /** PostgreSQL's own text of a jsonb document. */
    JSONB,
    /** Bytes as {@code \x} and lower-case hex ({@link BinaryText}). */
    BINARY,
    /** PostgreSQL's own text of an array ({@link ArrayText}). */
    ARRAY,
    /** A bit string as its binary digits, one per bit, leading zeros kept. */
    BITS;

    /** The canonical text of {@code value} for {@code column}; {@code null} stays {@code null}. */
    public String render(ColumnInfo column, String value) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case TEXT -> value;
            case TRIMMED -> trimRight(value);
            // A UUID's 16 bytes (read from a BINARY(16)) are the UUID whose text they spell.
            case LOWER -> lower(BinaryText.uuidText(value));
            case BOOLEAN -> bool(value);
            case INTEGER -> integer(value);
            case DECIMAL -> decimal(value, column.scale());
            case TIMESTAMP -> column.isDateTime() && value.length() == 10 ? value + " 00:00:00" : timestamp(value);
            case JSONB -> JsonbText.render(value);
            case BINARY -> BinaryText.of(BinaryText.bytes(value)); // text meant for a binary column: its UTF-8 bytes
            case ARRAY -> ArrayText.canonical(value);
            case BITS -> value;
        };
    }

    private static String trimRight(String v) {
        int end = v.length();
        while (end > 0 && v.charAt(end - 1) == ' ') {
            end--;
        }
        return v.substring(0, end);
    }

    private static String lower(String v) {
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch >= 'A' && ch <= 'Z' || ch >= 0x80) { // runs for every key: the ASCII test first
                return v.toLowerCase(Locale.ROOT);
            }
        }
        return v;
    }

    private static String bool(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "t", "true", "1", "y", "yes", "on" -> "1";
            case "f", "false", "0", "n", "no", "off" -> "0";
            default -> v;
        };
    }

    private static String integer(String v) {
        if (isPlainNumber(v, false)) {
            return v;
        }
        try {
            return new BigDecimal(v.strip()).toBigIntegerExact().toString();
        } catch (ArithmeticException | NumberFormatException e) {
            return v;
        }
    }

    private static String decimal(String v, Integer scale) {
        if (scale == null) {
            return v;
        }
        int dot = v.indexOf('.');
        if (isPlainNumber(v, true) && (scale == 0 ? dot < 0 : dot >= 0 && v.length() - dot - 1 == scale)) {
            return v;
        }
        try {
            return new BigDecimal(v.strip()).setScale(scale).toPlainString();
        } catch (ArithmeticException | NumberFormatException e) {
            return v; // would need rounding: no canonical text, compared row by row instead
        }
    }

    /**
     * Whether the text already is how a database prints the number: optional minus, digits without
     * a leading zero (unless the only one), and with {@code fraction} at most one dot followed by digits.
     */
    private static boolean isPlainNumber(String v, boolean fraction) {
        int i = v.startsWith("-") ? 1 : 0;
        int start = i;
        boolean dot = false;
        int digitsAfterDot = 0;
        for (; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '.' && fraction && !dot && i > start) {
                dot = true;
            } else if (ch >= '0' && ch <= '9') {
                digitsAfterDot += dot ? 1 : 0;
            } else {
                return false;
            }
        }
        int intDigits = (dot ? v.indexOf('.') : v.length()) - start;
        if (intDigits == 0 || intDigits > 1 && v.charAt(start) == '0' || dot && digitsAfterDot == 0) {
            return false;
        }
        if (start == 1) { // no negative zero
            for (int j = 1; j < v.length(); j++) {
                if (v.charAt(j) != '0' && v.charAt(j) != '.') {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    /** The timestamp normalisation verification compares with, shared so both agree. */
    public static String timestamp(String v) {
        String s = v.strip().replace('T', ' ');
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (end > 0 && s.charAt(end - 1) == '0') {
                end--;
            }
            if (end > 0 && s.charAt(end - 1) == '.') {
                end--;
            }
            s = s.substring(0, end);
        }
        return s;
    }
}
