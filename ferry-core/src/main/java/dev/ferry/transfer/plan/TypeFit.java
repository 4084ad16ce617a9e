package dev.ferry.transfer.plan;

import dev.ferry.db.ColumnInfo;

/**
 * Whether a source column's values can be copied into a target column as they are: values travel
 * as text and the target converts them, so the question is whether every value converts and fits.
 */
final class TypeFit {
    private TypeFit() {
    }

    /** {@code null} when the values fit; otherwise why not, for a TODO line. */
    static String problem(ColumnInfo source, ColumnInfo target) {
        Kind s = kind(source);
        Kind t = kind(target);
        boolean fits = s == t
                || t == Kind.TEXT && s != Kind.BINARY && s != Kind.JSON
                || t == Kind.NUMBER && s == Kind.INTEGER
                || t == Kind.JSON && s == Kind.TEXT
                || t == Kind.BOOLEAN && source.type().equals("tinyint")
                || t == Kind.INTEGER && target.type().equals("tinyint") && s == Kind.BOOLEAN;
        if (s == Kind.OTHER || t == Kind.OTHER) {
            fits = source.type().equals(target.type());
        }
        if (!fits) {
            return "the source holds " + CatalogTable.describe(source) + ", the target " + CatalogTable.describe(target);
        }
        // Only the character types are short enough to matter; MariaDB reports TEXT's 64 KiB as a length too.
        if (t == Kind.TEXT && target.type().contains("char") && target.maxLength() != null
                && (source.maxLength() == null || source.maxLength() > target.maxLength())) {
            return "the source holds " + CatalogTable.describe(source) + ", longer than the target's " + CatalogTable.describe(target);
        }
        return null;
    }

    static boolean integer(ColumnInfo c) {
        return kind(c) == Kind.INTEGER;
    }

    static boolean uuid(ColumnInfo c) {
        return kind(c) == Kind.UUID;
    }

    private enum Kind { INTEGER, NUMBER, TEXT, BOOLEAN, DATE, TIMESTAMP, TIME, JSON, UUID, BINARY, OTHER }

    private static Kind kind(ColumnInfo c) {
        String t = c.type();
        if (c.isUuidBinary() || t.equals("uuid")) {
            return Kind.UUID;
        }
        if (c.isBinary()) {
            return Kind.BINARY;
        }
        if (t.equals("boolean") || t.equals("bool")) {
            return Kind.BOOLEAN;
        }
        if (c.isInteger()) {
            return Kind.INTEGER;
        }
        if (t.equals("numeric") || t.equals("decimal") || t.equals("real") || t.equals("double") || t.startsWith("double")
                || t.equals("float")) {
            return Kind.NUMBER;
        }
        if (t.equals("json") || t.equals("jsonb")) {
            return Kind.JSON;
        }
        if (c.isTextual()) {
            return Kind.TEXT;
        }
        if (c.isDateTime()) {
            return Kind.TIMESTAMP;
        }
        if (t.equals("date")) {
            return Kind.DATE;
        }
        if (t.startsWith("time")) {
            return Kind.TIME;
        }
        return Kind.OTHER;
    }
}
