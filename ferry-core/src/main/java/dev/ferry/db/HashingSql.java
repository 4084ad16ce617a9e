package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL of verification's row hashes: the canonical text of each column, the hash terms that
 * Ferry's {@link RowHash} reproduces in Java, the source-side expressions of a plan's transforms,
 * and the segment arithmetic both sides aggregate by. Separate from {@link Dialect} because only
 * comparisons need it, and they must agree to the bit on both databases.
 */
public interface HashingSql {
    /** How this database's text of the column's values is made canonical for row hashes. */
    CanonicalForm canonicalForm(ColumnInfo column);

    /**
     * SQL giving a key or reference column's value as the text {@code ferry_id_map} holds for it
     * (a UUID stored as BINARY(16) as the UUID's text), to join the two and to read keys.
     */
    String keyText(ColumnInfo column, String expression);

    /** SQL giving the canonical text of {@code expression}, a value of the column's type. */
    String canonicalText(ColumnInfo column, String expression);

    /**
     * SQL for one column's term of a row hash (see {@link RowHash}): {@code text} is the column's
     * canonical text; 0 for NULL.
     */
    String columnHashSql(int column, String text);

    /**
     * SQL for a row's hash from its key ({@code key}, a 64-bit integer expression) and the partial
     * sum of its column terms ({@code partial}, {@link #partialHashSql}), as {@link RowHash.ColumnHash#mix} computes it.
     */
    String rowMixSql(String key, String partial);

    /** Ferry's copy of {@link #columnHashSql} and {@link #rowMixSql}, giving the same numbers; one per thread. */
    RowHash.ColumnHash columnHash();

    /**
     * Whether the database hashes text as UTF-8 bytes, as {@link #columnHash} does in Java; when not,
     * row hashes cannot agree and verification compares rows one by one instead.
     */
    boolean hashesUtf8(Connection c) throws SQLException;

    /**
     * SQL for the partial sum of a row's column terms over the given columns (positions and
     * canonical texts), below 2<sup>48</sup>; {@code 0} for none. It needs no key, so a table's rows
     * can be hashed before they are joined to whatever gives their keys.
     */
    default String partialHashSql(List<Integer> columns, List<String> texts) {
        if (columns.isEmpty()) {
            return "0";
        }
        List<String> terms = new java.util.ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            terms.add(columnHashSql(columns.get(i), texts.get(i)));
        }
        return "((" + String.join(" + ", terms) + ") & " + RowHash.MASK + ")";
    }

    /** SQL for a row's hash over the given columns (positions and canonical texts), {@code key} mixed in. */
    default String rowHashSql(String key, List<Integer> columns, List<String> texts) {
        return rowMixSql(key, partialHashSql(columns, texts));
    }

    /**
     * Source side of verification: SQL turning a text value the way the built-in transform
     * {@code name} (with {@code argument}) turns it in Ferry, or {@code null} when this database
     * cannot compute it alike, in which case Ferry computes the expected rows itself.
     */
    default String transformSql(String name, String argument, String text) {
        return null;
    }

    /**
     * SQL joining the texts that are neither NULL nor empty with {@code separator}, NULL when none
     * is, as a plan's {@code concat:} does; {@code null} if not supported.
     */
    default String concatNonEmpty(List<String> texts, String separator) {
        return null;
    }

    /** SQL parsing a JSON document held as text (NULL when blank); {@code null} if not supported. */
    default String jsonDocumentSql(String text) {
        return null;
    }

    /** SQL reading the field at {@code path} of a parsed document ({@link #jsonDocumentSql}) as text. */
    default String jsonFieldSql(String document, List<String> path) {
        return null;
    }

    /**
     * What to append to a subquery so the database computes its columns once instead of merging it
     * into the outer query and repeating each expression at every use; empty if nothing is needed.
     */
    default String keepSubquery() {
        return "";
    }

    /**
     * SQL converting a text value to the column's type as loading it into the column would, or
     * {@code null} when this database cannot (the type is not known well enough).
     */
    default String castTextTo(ColumnInfo column, String text) {
        return null;
    }

    /** An SQL expression turning text holding an integer into a 64-bit integer, for numeric ordering. */
    String integerCast(String expression);

    /** SQL dividing an integer expression by {@code divisor}, truncating toward zero as Java does. */
    String integerDivide(String expression, long divisor);

    /**
     * Prepares the open transaction of {@code c} for an aggregate into a few thousand groups (key
     * segments) whose number the database would guess from the key's, one per row. Nothing by
     * default.
     */
    default void expectFewGroups(Connection c) throws SQLException {
    }
}
