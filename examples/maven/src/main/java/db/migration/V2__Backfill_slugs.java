package db.migration;

import dev.ferry.migration.JavaMigration;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.Locale;

/** Gives every office a URL slug without accents, which SQL alone does not do the same way on every database. */
public class V2__Backfill_slugs implements JavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        int filled = 0;
        try (Statement read = context.connection().createStatement();
             ResultSet offices = read.executeQuery("SELECT id, name FROM offices WHERE slug IS NULL");
             PreparedStatement update = context.connection().prepareStatement("UPDATE offices SET slug = ? WHERE id = ?")) {
            while (offices.next()) {
                update.setString(1, slug(offices.getString("name")));
                update.setInt(2, offices.getInt("id"));
                update.addBatch();
                filled++;
            }
            update.executeBatch();
        }
        context.log("filled " + filled + " office slugs");
    }

    @Override
    public void rollback(Context context) throws Exception {
        try (Statement st = context.connection().createStatement()) {
            st.executeUpdate("UPDATE offices SET slug = NULL");
        }
    }

    static String slug(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
