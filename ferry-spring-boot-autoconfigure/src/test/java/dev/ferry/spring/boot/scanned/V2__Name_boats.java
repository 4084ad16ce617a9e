package dev.ferry.spring.boot.scanned;

import dev.ferry.migration.JavaMigration;
import java.sql.Statement;

/** A Java migration no bean declares: found by scanning its package, a {@code classpath:} location. */
public class V2__Name_boats implements JavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (Statement st = context.connection().createStatement()) {
            st.executeUpdate("INSERT INTO boats (id, name) VALUES (1, 'Scanned')");
        }
    }
}
