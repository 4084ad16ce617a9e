package dev.ferry.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/** PostgreSQL's canonical texts, row hashes and plan expressions. */
final class PostgresHashingSql implements HashingSql {
    private final PostgresDialect d;

    PostgresHashingSql(PostgresDialect d) {
        this.d = d;
    }

    /** The characters Java's {@code strip()} and {@code isBlank()} treat as blanks, for ASCII text. */
    private static final String BLANKS = "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)";

    @Override
    public String integerCast(String expression) {
        return "CAST(" + expression + " AS bigint)";
    }

    @Override
    public CanonicalForm canonicalForm(ColumnInfo column) {
        String t = column.type();
        if (t.equals("boolean")) {
            return CanonicalForm.BOOLEAN;
        }
        if (column.isInteger()) {
            return CanonicalForm.INTEGER;
        }
        if (t.equals("numeric") && column.scale() != null) {
            return CanonicalForm.DECIMAL;
        }
        return switch (t) {
            case "uuid" -> CanonicalForm.LOWER;
            case "character" -> CanonicalForm.TRIMMED;
            // Durations and times print trailing zeros of their fractions nowhere, as the canonical timestamp.
            case "timestamp without time zone", "date", "interval", "time without time zone" -> CanonicalForm.TIMESTAMP;
            case "jsonb" -> CanonicalForm.JSONB;
            case "bytea" -> CanonicalForm.BINARY;
            case "array" -> CanonicalForm.ARRAY;
            case "bit" -> CanonicalForm.BITS; // printed as its digits already
            default -> CanonicalForm.TEXT;
        };
    }

    @Override
    public String keyText(ColumnInfo column, String x) {
        return d.textCast(x);
    }

    @Override
    public String canonicalText(ColumnInfo column, String x) {
        return switch (canonicalForm(column)) {
            case BOOLEAN -> "CAST(CAST(" + x + " AS int) AS text)";
            case TRIMMED -> "rtrim(CAST(" + x + " AS text), ' ')";
            // PostgreSQL prints uuid values in lower case already.
            case LOWER -> column.type().equals("uuid") ? "CAST(" + x + " AS text)" : "lower(CAST(" + x + " AS text))";
            // Whatever bytea_output says; chr(92) is the backslash, whatever standard_conforming_strings says.
            case BINARY -> "(chr(92) || 'x' || encode(" + x + ", 'hex'))";
            default -> "CAST(" + x + " AS text)";
        };
    }

    @Override
    public String columnHashSql(int column, String text) {
        return PostgresTextHash.sql(column, text);
    }

    @Override
    public String rowMixSql(String key, String partial) {
        return PostgresTextHash.mixSql(key, partial);
    }

    @Override
    public RowHash.ColumnHash columnHash() {
        return new PostgresTextHash();
    }

    @Override
    public boolean hashesUtf8(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW server_encoding")) {
            return rs.next() && rs.getString(1).equalsIgnoreCase("UTF8");
        }
    }

    @Override
    public String transformSql(String name, String argument, String x) {
        return switch (name) {
            case "trim" -> "btrim(" + x + ", " + BLANKS + ")";
            case "lower" -> "lower(" + x + ")";
            case "upper" -> "upper(" + x + ")";
            case "null_if_empty" -> "CASE WHEN btrim(" + x + ", " + BLANKS + ") = '' THEN NULL ELSE " + x + " END";
            case "collapse_spaces" -> "regexp_replace(btrim(" + x + ", " + BLANKS + "), '\\s+', ' ', 'g')";
            case "digits" -> "regexp_replace(" + x + ", '[^0-9]', '', 'g')";
            case "truncate" -> argument != null && argument.strip().matches("\\d{1,9}") ? "left(" + x + ", " + argument.strip() + ")" : null;
            case "prefix" -> argument == null ? null : "(" + d.literal(argument) + " || " + x + ")";
            case "suffix" -> argument == null ? null : "(" + x + " || " + d.literal(argument) + ")";
            default -> null;
        };
    }

    @Override
    public String concatNonEmpty(List<String> texts, String separator) {
        return "NULLIF(concat_ws(" + d.literal(separator) + ", " + texts.stream().map(t -> "NULLIF(" + t + ", '')")
                .collect(Collectors.joining(", ")) + "), '')";
    }

    @Override
    public String jsonDocumentSql(String x) {
        return "CAST(NULLIF(btrim(" + x + ", " + BLANKS + "), '') AS jsonb)";
    }

    @Override
    public String jsonFieldSql(String document, List<String> path) {
        String keys = path.stream().map(d::literal).collect(Collectors.joining(", "));
        return "(" + document + " #>> CAST(ARRAY[" + keys + "] AS text[]))";
    }

    @Override
    public String keepSubquery() {
        return " OFFSET 0";
    }

    @Override
    public String castTextTo(ColumnInfo column, String x) {
        String t = column.type();
        if (column.isTextual()) {
            return x;
        }
        if (t.equals("jsonb")) {
            return jsonDocumentSql(x); // the same expression as a plan's json: fields use, so one parse serves both
        }
        if (t.equals("numeric")) {
            if (column.precision() == null || column.scale() == null) {
                return "CAST(" + x + " AS numeric)";
            }
            // A value with more decimals than the column keeps them, as in Ferry's canonical form:
            // loading would round it, and rounding is a difference to report, not to hide.
            String n = "CAST(" + x + " AS numeric)";
            return "CASE WHEN scale(" + n + ") <= " + column.scale() + " THEN CAST(" + n + " AS numeric(" + column.precision() + ", "
                    + column.scale() + ")) ELSE " + n + " END";
        }
        return switch (t) {
            case "boolean", "smallint", "integer", "bigint", "real", "double precision", "uuid", "json", "date",
                 "timestamp without time zone", "timestamp with time zone", "time without time zone" -> "CAST(" + x + " AS " + t + ")";
            default -> null;
        };
    }

    @Override
    public String integerDivide(String expression, long divisor) {
        return "(" + expression + ") / " + divisor;
    }

    /**
     * Guessing one group per key, PostgreSQL sorts the rows by segment, spilling them to temporary
     * files (0.9 GB for three million orders), where a hash of the few thousand segments fits in
     * memory. Discouraging the sort for this one transaction makes it hash.
     */
    @Override
    public void expectFewGroups(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL enable_sort = off");
        }
    }
}
