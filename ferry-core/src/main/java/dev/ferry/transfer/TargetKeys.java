package dev.ferry.transfer;

import dev.ferry.db.BinaryText;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of a batch's key values a table holds: the parents its rows point at, the rows an update
 * entity updates. Asked before writing, so a row that would be an orphan or update nothing is
 * rejected with a reason instead of being written or silently skipped.
 */
final class TargetKeys {
    private static final int CHUNK = 500;

    private TargetKeys() {
    }

    /** The values among {@code values} (nulls ignored) that {@code table.column} holds, as the database returns them as text. */
    static Set<String> present(Connection c, Dialect d, TableRef table, String column, Collection<String> values) throws SQLException {
        return present(c, d, table, column, null, values);
    }

    /**
     * The same, for a key column whose type is known: a UUID kept as BINARY(16) is compared as its
     * 16 bytes and read back as its text, as Ferry's rows hold it.
     */
    static Set<String> present(Connection c, Dialect d, TableRef table, String column, ColumnInfo type, Collection<String> values)
            throws SQLException {
        boolean uuidBytes = type != null && type.isUuidBinary();
        String read = uuidBytes ? d.hashing().keyText(type, d.quote(column)) : d.quote(column);
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(values));
        distinct.remove(null);
        Set<String> found = new HashSet<>();
        for (int from = 0; from < distinct.size(); from += CHUNK) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + CHUNK));
            String sql = "SELECT " + read + " FROM " + table.quoted(d) + " WHERE " + d.quote(column) + " IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    if (uuidBytes) {
                        ps.setBytes(i + 1, BinaryText.uuidBytes(chunk.get(i)));
                    } else {
                        d.bindText(ps, i + 1, chunk.get(i));
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }
}
