package dev.ferry.dashboard;

import dev.ferry.backup.Backups;
import dev.ferry.doctor.DoctorReport;
import dev.ferry.migration.SchemaMigrations;
import dev.ferry.protection.Protection;
import dev.ferry.schema.Schemas;
import dev.ferry.snapshot.Snapshots;
import dev.ferry.verify.Verification;
import java.util.function.Supplier;

/**
 * The capabilities of one environment the dashboard reads (and, with actions allowed, verifies and
 * snapshots). The wiring builds them; the dashboard never opens a database itself.
 */
public record EnvironmentParts(String name, SchemaMigrations migrations, Schemas schema, Backups backups, Snapshots snapshots,
                               Protection protection, Verification verification, Supplier<DoctorReport> doctor) {
}
