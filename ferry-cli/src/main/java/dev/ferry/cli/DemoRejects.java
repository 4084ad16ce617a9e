package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.examples.ClinicData;
import dev.ferry.transfer.plan.ConnectionSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The demo's one bad legacy row, so that {@code transfer rejects} has something to show. */
final class DemoRejects {
    /** The example plan's reject budget, 0.1% of an entity's rows. */
    private static final double BUDGET = 0.001;

    private DemoRejects() {
    }

    /**
     * Gives one patient without orders a sex the plan does not map ('X'), so the transfer rejects
     * exactly that row. Skipped, and said so, when the data is too small for one reject to stay
     * within the plan's budget; returns whether the row was changed.
     */
    static boolean misspellOnePatient(Ferry ferry, ClinicData.Counts n) {
        if (n.patients() * BUDGET < 1) {
            Console.out("(At this scale one rejected patient would exceed the plan's 0.1% budget, so the demo leaves the legacy rows as they are.)");
            return false;
        }
        try (Connection c = ferry.databaseFor(new ConnectionSpec("legacy", null, null, null)).connect("ferry demo");
             Statement st = c.createStatement()) {
            // A patient without orders, when there is one, so that no order is rejected with it.
            if (st.executeUpdate("UPDATE dispatch_patient SET sex = 'X' WHERE id = (SELECT m FROM (SELECT MIN(p.id) AS m FROM dispatch_patient p "
                    + "WHERE NOT EXISTS (SELECT 1 FROM dispatch_order o WHERE o.patient_id = p.id)) x)") == 0) {
                st.executeUpdate("UPDATE dispatch_patient SET sex = 'X' WHERE id = (SELECT m FROM (SELECT MIN(id) AS m FROM dispatch_patient) x)");
            }
        } catch (SQLException e) {
            throw FerryException.sql("Demo: changing one legacy patient", e);
        }
        Console.out("A clerk typed 'X' into one patient's sex; the plan maps only F and M, so the transfer will reject that row (and any order of it).");
        return true;
    }
}
