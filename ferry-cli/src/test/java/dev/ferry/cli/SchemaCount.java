package dev.ferry.cli;

import dev.ferry.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Runs a counting query for assertions. */
final class SchemaCount {
    private SchemaCount() {
    }

    static long rows(TestDatabase db, String sql) {
        try (Connection c = db.database().connect("ferry test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
