package dev.ferry.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** MariaDB's canonical texts and row hashes (MD5); plan expressions are computed by Ferry. */
final class MariaDbHashingSql implements HashingSql {
    @Override
    public String integerCast(String expression) {
        return "CAST(" + expression + " AS SIGNED)";
    }

    @Override
    public CanonicalForm canonicalForm(ColumnInfo column) {
        String t = column.type();
        if (column.isUuidBinary()) {
            return CanonicalForm.LOWER;
        }
        if (column.isBitString()) {
            return CanonicalForm.BITS;
        }
        if (column.isBooleanLike()) {
            return CanonicalForm.BOOLEAN;
        }
        if (column.isInteger()) {
            return CanonicalForm.INTEGER;
        }
        if (t.equals("decimal") && column.scale() != null) {
            return CanonicalForm.DECIMAL;
        }
        return switch (t) {
            case "uuid" -> CanonicalForm.LOWER;
            case "char" -> CanonicalForm.TRIMMED;
            case "datetime", "date" -> CanonicalForm.TIMESTAMP;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> CanonicalForm.BINARY;
            default -> CanonicalForm.TEXT;
        };
    }

    @Override
    public String keyText(ColumnInfo column, String x) {
        if (column.isUuidBinary()) {
            // 32 hex digits with the four dashes inserted from the right, so earlier positions hold.
            return "LOWER(INSERT(INSERT(INSERT(INSERT(HEX(" + x + "), 21, 0, '-'), 17, 0, '-'), 13, 0, '-'), 9, 0, '-'))";
        }
        return "CAST(" + x + " AS CHAR)";
    }

    @Override
    public String canonicalText(ColumnInfo c, String x) {
        return switch (canonicalForm(c)) {
            case BOOLEAN -> "CAST(" + x + " + 0 AS CHAR)";
            case TRIMMED -> "RTRIM(CAST(" + x + " AS CHAR))";
            case LOWER -> c.isUuidBinary() ? keyText(c, x) : "LOWER(CAST(" + x + " AS CHAR))";
            // CHAR(92) is the backslash, whatever sql_mode says about escapes in literals.
            case BINARY -> "CONCAT(CHAR(92), 'x', LOWER(HEX(" + x + ")))";
            case BITS -> "LPAD(BIN(" + x + "), " + c.bitWidth() + ", '0')";
            case TIMESTAMP -> c.type().equals("date") ? "CAST(" + x + " AS CHAR)"
                    : "CONCAT(DATE_FORMAT(" + x + ", '%Y-%m-%d %H:%i:%s'), IF(MICROSECOND(" + x + ") = 0, '', "
                    + "TRIM(TRAILING '0' FROM CONCAT('.', LPAD(MICROSECOND(" + x + "), 6, '0')))))";
            default -> "CAST(" + x + " AS CHAR)";
        };
    }

    @Override
    public String columnHashSql(int column, String text) {
        return Md5ColumnHash.sql(column, text);
    }

    @Override
    public String rowMixSql(String key, String partial) {
        return Md5ColumnHash.mixSql(key, partial);
    }

    @Override
    public RowHash.ColumnHash columnHash() {
        return new Md5ColumnHash();
    }

    @Override
    public boolean hashesUtf8(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@character_set_database")) {
            return rs.next() && rs.getString(1).toLowerCase(java.util.Locale.ROOT).startsWith("utf8");
        }
    }

    @Override
    public String integerDivide(String expression, long divisor) {
        return "(" + expression + ") DIV " + divisor;
    }
}
