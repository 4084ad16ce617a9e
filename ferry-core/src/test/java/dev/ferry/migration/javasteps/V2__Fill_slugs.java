package dev.ferry.migration.javasteps;

import dev.ferry.migration.JavaMigration;
import java.sql.Statement;

/** Found by scanning classpath:dev/ferry/migration/javasteps, between V1 and V3, whose scripts sit beside it. */
public class V2__Fill_slugs implements JavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (Statement st = context.connection().createStatement()) {
            int rows = st.executeUpdate("UPDATE offices SET slug = LOWER(REPLACE(name, ' ', '-'))");
            context.log("filled " + rows + " slugs for " + context.placeholders().get("ferry:env"));
        }
    }

    @Override
    public void rollback(Context context) throws Exception {
        try (Statement st = context.connection().createStatement()) {
            st.executeUpdate("UPDATE offices SET slug = NULL");
        }
    }
}
