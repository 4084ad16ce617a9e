package dev.ferry.db;

import java.util.function.LongFunction;

/**
 * How the server hashes a table's rows so that the sum compares with {@link CopyTextHash} over the
 * archive's lines: the query for a seed, and which columns both sides write as their byte length,
 * a colon and their text instead of their escaped COPY text. Rebuilding a text value's escapes in
 * SQL took seven nested {@code replace} calls and most of the query's time; a length keeps the
 * line unambiguous without them.
 *
 * @param query the query giving the count of the table's own rows and the sum of the lines' hashes
 * @param lengthPrefixed per column of the line, whether its field is written as {@code length:text}
 */
public record RowsHashForm(LongFunction<String> query, boolean[] lengthPrefixed) {
}
