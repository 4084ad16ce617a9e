package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.doctor.DoctorOptions;
import dev.ferry.protection.Protection;
import dev.ferry.protection.SnapshotResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The demo's protected-data part: the genealogy plan types audited, snapshotted, lost and recovered. */
final class DemoProtection {
    private DemoProtection() {
    }

    static void show(Ferry ferry) {
        Protection protection = ferry.protection();
        DemoCommand.step("ferry protect install", "the genealogy plan types must never be lost: audit triggers and CHECK constraints");
        ProtectInstallCommand.print(protection.install(), false);

        DemoCommand.step("ferry protect snapshot", "every protected row as JSON, with a SHA-256 checksum");
        SnapshotResult s = protection.snapshot(null, null);
        Console.out("Snapshot " + s.version() + ": " + s.rows() + " row(s), " + s.checksum());

        DemoCommand.step("ferry doctor", "someone deletes the Matrix plan type; doctor notices (exit code 3)");
        try (Connection c = ferry.database().connect("ferry demo"); Statement st = c.createStatement()) {
            st.execute("DELETE FROM plan_types WHERE code = 'matrix'");
        } catch (SQLException e) {
            throw FerryException.sql("Deleting the Matrix plan type", e);
        }
        Console.out(DoctorCommand.render(ferry.doctor(DoctorOptions.CHECK_ONLY)));

        DemoCommand.step("ferry doctor --recover", "put back from the newest valid snapshot in one transaction, audited");
        Console.out(DoctorCommand.render(ferry.doctor(new DoctorOptions(true))));
    }
}
