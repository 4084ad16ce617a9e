package dev.ferry.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ferry.db.ArrayText;
import dev.ferry.db.BinaryText;
import dev.ferry.db.CanonicalForm;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.JsonbText;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Decides whether the value a plan produces and the value the target holds are the same, by the
 * target column's type: {@code t}, {@code true} and {@code 1} are one boolean, {@code 12.5} and
 * {@code 12.50} one number, jsonb documents equal whatever their spacing and key order (as
 * PostgreSQL stores them), json documents only as the same text (PostgreSQL keeps it as written),
 * other JSON whatever its spacing, timestamps, times and intervals whatever trailing zeros of
 * their fractions, binary values by their bytes (whatever the hex letter case), UUIDs whatever
 * their case or whether they came as 16 bytes, arrays as the database reads their literals.
 */
final class ValueComparator {
    private static final ObjectReader JSON = new ObjectMapper().readerFor(JsonNode.class);

    private ValueComparator() {
    }

    static boolean same(ColumnInfo column, String expected, String actual) {
        if (expected == null || actual == null) {
            return expected == null && actual == null;
        }
        if (expected.equals(actual)) {
            return true;
        }
        String t = column.type();
        if (column.isUuidBinary() || t.equals("uuid")) {
            return CanonicalForm.LOWER.render(column, expected).equals(CanonicalForm.LOWER.render(column, actual))
                    || column.isUuidBinary() && BinaryText.sameBytes(expected, actual);
        }
        if (column.isBinary()) {
            return BinaryText.sameBytes(expected, actual);
        }
        if (t.equals("array")) {
            return ArrayText.canonical(expected).equals(ArrayText.canonical(actual));
        }
        if (column.isBooleanLike() || t.equals("boolean")) {
            return bool(expected).equals(bool(actual));
        }
        if (t.contains("numeric") || t.contains("decimal") || t.equals("integer") || t.equals("bigint") || t.equals("smallint")
                || t.equals("int") || t.contains("double") || t.equals("real")) {
            try {
                return new BigDecimal(expected.strip()).compareTo(new BigDecimal(actual.strip())) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (t.equals("jsonb")) {
            // jsonb keeps one spelling of a document (keys ordered, the last of duplicates): equal documents print alike.
            return JsonbText.render(expected).equals(JsonbText.render(actual));
        }
        if (t.equals("json")) {
            return false; // PostgreSQL's json keeps the document's text as written: another text is another value
        }
        if (t.contains("json")) {
            try {
                return JSON.readTree(expected).equals(JSON.readTree(actual));
            } catch (JsonProcessingException e) {
                return false;
            }
        }
        if (t.startsWith("timestamp") || t.equals("datetime") || t.equals("date") || t.startsWith("time") || t.equals("interval")) {
            return timestamp(expected).equals(timestamp(actual));
        }
        if (t.equals("character") || t.equals("char")) {
            return expected.stripTrailing().equals(actual.stripTrailing());
        }
        return false;
    }

    private static String bool(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "t", "true", "1", "y", "yes" -> "true";
            case "f", "false", "0", "n", "no" -> "false";
            default -> v;
        };
    }

    /** Canonical timestamp text without a time of exactly midnight: a date equals the timestamp it loads as. */
    private static String timestamp(String v) {
        String s = dev.ferry.db.CanonicalForm.timestamp(v);
        return s.endsWith(" 00:00:00") ? s.substring(0, s.length() - 9) : s;
    }
}
