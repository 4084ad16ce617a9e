package dev.ferry.doctor;

import dev.ferry.FerryException;
import dev.ferry.db.Database;
import dev.ferry.db.TableHealthSql;
import dev.ferry.db.TableHealthSql.HealthLimits;
import dev.ferry.db.TableHealthSql.TableHealthIssue;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Doctor's look at the tables themselves, through the database's own {@link TableHealthSql}:
 * space held by deleted rows, invalid indexes, sequences close to their maximum. An invalid index
 * is a problem (a unique one no longer guards anything); the rest are warnings, with the fix.
 */
final class TableHealth {
    private TableHealth() {
    }

    static List<DoctorFinding> examine(Database database, List<String> schemas) {
        List<DoctorFinding> out = new ArrayList<>();
        TableHealthSql sql = database.dialect().health();
        HealthLimits limits = HealthLimits.DEFAULTS;
        try (Connection c = database.connect("ferry doctor")) {
            for (TableHealthIssue i : sql.reclaimable(c, schemas, limits)) {
                out.add(DoctorFinding.warning("table health", i.check() + ": " + i.object() + ": " + i.detail(),
                        i.check().equals("dead rows") ? "run VACUUM (ANALYZE) " + i.object() + ", and check autovacuum is on for it"
                                : "run OPTIMIZE TABLE " + i.object() + " at a quiet time (it rebuilds the table)"));
            }
            for (TableHealthIssue i : sql.invalidIndexes(c, schemas)) {
                out.add(DoctorFinding.problem("table health", i.check() + ": " + i.object() + " " + i.detail(),
                        "drop it and create it again (REINDEX INDEX CONCURRENTLY " + i.object() + ")"));
            }
            for (TableHealthIssue i : sql.keysNearMaximum(c, schemas, limits)) {
                out.add(DoctorFinding.warning("table health", i.check() + ": " + i.object() + " is " + i.detail(),
                        "widen the key column and its generator (e.g. to BIGINT) before inserts start failing"));
            }
        } catch (FerryException | SQLException e) {
            return List.of(DoctorFinding.warning("table health", "could not read the table statistics: " + e.getMessage(),
                    "check that the user may read the server's catalogs"));
        }
        if (out.isEmpty()) {
            out.add(DoctorFinding.ok("table health", "no table with many dead rows or much free space, no invalid index, no key generator past "
                    + Math.round(limits.keysUsed() * 100) + "% of its range"));
        }
        return out;
    }
}
