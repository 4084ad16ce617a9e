package dev.ferry.rekey;

import dev.ferry.db.Dialect;
import dev.ferry.transfer.plan.KeyUuids;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves every row's UUID is the one a transfer derives from its integer key, and every UUID
 * reference the one derived from its integer reference, by computing them again in Java with
 * {@link KeyUuids} (not trusting the server's function) while streaming the rows.
 */
final class KeyVerifier {
    private static final int FETCH = 5_000;

    private final Connection c;
    private final Dialect dialect;

    KeyVerifier(Connection c, Dialect dialect) {
        this.c = c;
        this.dialect = dialect;
    }

    List<KeyCheck> verify(RekeyModel model) throws SQLException {
        List<KeyCheck> out = new ArrayList<>();
        for (RekeyModel.Keyed t : model.tables()) {
            out.add(check(t, t.plan().key(), t.plan().keyUuid(), t.plan().entity()));
            for (RekeyModel.Reference r : t.references()) {
                out.add(check(t, r.column(), r.uuidColumn(), r.parent().entity()));
            }
        }
        return out;
    }

    private KeyCheck check(RekeyModel.Keyed t, String column, String uuidColumn, String entity) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
        long rows = 0;
        long uuidOnly = 0;
        long mismatches = 0;
        String first = null;
        KeyUuids.TextWriter writer = new KeyUuids.TextWriter(entity);
        byte[] text = new byte[KeyUuids.TEXT_LENGTH];
        try (Statement st = c.createStatement()) {
            st.setFetchSize(FETCH);
            try (ResultSet rs = st.executeQuery("SELECT " + dialect.textCast(dialect.quote(column)) + ", " + dialect.textCast(dialect.quote(uuidColumn))
                    + " FROM " + t.ref().quoted(dialect))) {
                while (rs.next()) {
                    rows++;
                    String legacy = rs.getString(1);
                    String uuid = rs.getString(2);
                    if (legacy == null) {
                        if (uuid != null) {
                            uuidOnly++;
                        }
                        continue;
                    }
                    writer.write(legacy, text);
                    if (uuid == null || !uuid.equalsIgnoreCase(new String(text, java.nio.charset.StandardCharsets.US_ASCII))) {
                        mismatches++;
                        if (first == null) {
                            first = column + " " + legacy + " has " + uuidColumn + " " + uuid;
                        }
                    }
                }
            }
        } finally {
            c.commit();
            c.setAutoCommit(autoCommit);
        }
        return new KeyCheck(t.ref().toString(), column, rows, uuidOnly, mismatches, first);
    }
}
