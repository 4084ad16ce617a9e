package dev.ferry.verify;

import dev.ferry.db.Dialect;
import dev.ferry.transfer.plan.KeyTuples;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a fix names one row of a table by its primary key, in {@code ferry_fixes} and in the SQL
 * that moves or restores it: the key column's text, or for a primary key of several columns the
 * {@link KeyTuples tuple} of their texts ({@code ["7","12"]}).
 */
final class RowKeys {
    private final Dialect d;
    private final List<String> columns;

    RowKeys(Dialect d, List<String> primaryKey) {
        this.d = d;
        this.columns = primaryKey;
    }

    /** The select list giving the key of the row {@code alias} as text, one column per key column. */
    String select(String alias) {
        return columns.stream().map(k -> d.textCast(alias + d.quote(k))).collect(Collectors.joining(", "));
    }

    /** The key of the current row of {@code rs}, selected by {@link #select} from its first column on. */
    String read(ResultSet rs) throws SQLException {
        if (columns.size() == 1) {
            return rs.getString(1);
        }
        String[] parts = new String[columns.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = rs.getString(i + 1);
        }
        return KeyTuples.encode(parts);
    }

    /** A condition matching the one row whose key {@link #bind} binds. */
    String where() {
        return columns.stream().map(k -> d.quote(k) + " = ?").collect(Collectors.joining(" AND "));
    }

    /** Binds {@code key} for {@link #where} from parameter {@code index} on; returns the next index. */
    int bind(PreparedStatement ps, int index, String key) throws SQLException {
        String[] parts = columns.size() == 1 ? new String[] {key} : KeyTuples.decode(key);
        for (String p : parts) {
            d.bindText(ps, index++, p);
        }
        return index;
    }
}
