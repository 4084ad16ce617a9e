package dev.ferry.example.harbor;

import dev.ferry.migration.JavaMigration;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.springframework.stereotype.Component;

/** A migration as a bean: Spring injects the application's HarborMaster, Ferry runs it after V2. */
@Component
public class V3__Assign_berth_lengths implements JavaMigration {
    private final HarborMaster harborMaster;

    public V3__Assign_berth_lengths(HarborMaster harborMaster) {
        this.harborMaster = harborMaster;
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement ddl = context.connection().createStatement()) {
            ddl.execute("ALTER TABLE boats ADD COLUMN berth_length INT");
        }
        try (Statement read = context.connection().createStatement();
             ResultSet berths = read.executeQuery("SELECT berth FROM boats");
             PreparedStatement update = context.connection().prepareStatement("UPDATE boats SET berth_length = ? WHERE berth = ?")) {
            while (berths.next()) {
                update.setInt(1, harborMaster.berthLength(berths.getInt(1)));
                update.setInt(2, berths.getInt(1));
                update.addBatch();
            }
            update.executeBatch();
        }
        context.log("berth lengths from the harbor master's rules");
    }
}
