package dev.ferry.rekey;

import dev.ferry.db.ColumnDependent;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Catalogs;
import dev.ferry.db.Dialect;
import dev.ferry.db.ForeignKey;
import dev.ferry.db.RekeySql;
import dev.ferry.db.TableUsage;
import dev.ferry.rekey.RekeyAnalysis.Blocker;
import dev.ferry.rekey.RekeyAnalysis.Dependent;
import dev.ferry.rekey.RekeyAnalysis.LockStep;
import dev.ferry.rekey.RekeyAnalysis.TableAnalysis;
import dev.ferry.rekey.RekeyAnalysis.Usage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Phase 1: reads the catalog and the statistics views for every planned table; writes nothing. */
final class RekeyAnalyzer {
    private final Dialect dialect;
    private final RekeySql sql;

    RekeyAnalyzer(Dialect dialect) {
        this.dialect = dialect;
        this.sql = dialect.rekey();
    }

    RekeyAnalysis analyze(Connection c, RekeyPlan plan, String database) throws SQLException {
        RekeyModel model = RekeyModel.read(c, dialect, plan);
        List<TableAnalysis> tables = new ArrayList<>();
        List<Blocker> blockers = new ArrayList<>();
        String unavailable = sql.keyFunctionUnavailable(c);
        if (unavailable != null) {
            blockers.add(new Blocker("database", unavailable, "install it, or run rekey where it is available", "expand"));
        }
        for (RekeyModel.Keyed t : model.tables()) {
            if (!dialect.tableExists(c, t.ref().schema(), t.ref().table())) {
                blockers.add(new Blocker(t.ref().toString(), "the table does not exist", "correct the name in " + plan.file().getFileName(), "expand"));
                continue;
            }
            keyBlockers(c, t, blockers);
            List<Dependent> dependents = new ArrayList<>();
            addDependents(c, t, t.plan().key(), dependents, blockers);
            for (RekeyModel.Reference r : t.references()) {
                addDependents(c, t, r.column(), dependents, blockers);
            }
            long[] size = sql.rowsAndBytes(c, t.ref());
            TableUsage u = sql.usage(c, t.ref());
            List<LockStep> locks = sql.lockSteps(size[0], size[1]).stream().map(s -> new LockStep(s[0], s[1], s[2])).toList();
            tables.add(new TableAnalysis(t.ref().toString(), t.plan().key(), t.plan().entity(), size[0], size[1],
                    new Usage(u.sequentialScans(), u.indexScans(), u.inserts(), u.updates(), u.deletes(), u.statementsNote()),
                    dependents, locks));
        }
        for (ForeignKey fk : model.outsiders()) {
            blockers.add(new Blocker(fk.table() + "." + fk.name(), "references " + fk.refTable() + "." + fk.refColumn()
                    + " but " + fk.table() + " is not in the plan, so its reference would lose its target at the switch",
                    "add " + fk.table() + " under rekey.tables (its key: its integer key column)", "switch"));
        }
        return new RekeyAnalysis(database, plan.file().toString(), tables, blockers);
    }

    private void keyBlockers(Connection c, RekeyModel.Keyed t, List<Blocker> blockers) throws SQLException {
        String key = t.plan().key();
        Optional<ColumnInfo> column = Catalogs.columns(c, t.ref()).stream().filter(ci -> ci.name().equals(key)).findFirst();
        if (column.isEmpty()) {
            blockers.add(new Blocker(t.ref().toString(), "has no column '" + key + "'", "name its key column with key: in the plan", "expand"));
        } else if (!column.get().isInteger()) {
            blockers.add(new Blocker(t.ref() + "." + key, "is " + column.get().type() + ", not an integer key", "leave the table out of the plan",
                    "expand"));
        } else if (!keyedBy(c, t, key) && !keyedBy(c, t, t.plan().keyUuid())) {
            blockers.add(new Blocker(t.ref() + "." + key, "is not the table's single-column primary key",
                    "make it the primary key first (a migration), or leave the table out of the plan", "expand"));
        } else {
            String unsupported = sql.keyColumnUnsupported(c, t.ref(), key);
            if (unsupported != null) {
                blockers.add(new Blocker(t.ref() + "." + key, unsupported, "give new rows their key from the application or a sequence "
                        + "(a migration dropping AUTO_INCREMENT), or leave the table out of the plan", "expand"));
            }
        }
    }

    /**
     * Whether {@code column} alone is the table's primary key. The UUID twin is, once the switch moved
     * the key: on every table, or (where DDL commits statement by statement) on those it reached before an interruption.
     */
    private boolean keyedBy(Connection c, RekeyModel.Keyed t, String column) throws SQLException {
        return dialect.primaryKey(c, t.ref()).equals(List.of(column));
    }

    private void addDependents(Connection c, RekeyModel.Keyed t, String column, List<Dependent> out, List<Blocker> blockers)
            throws SQLException {
        for (ColumnDependent d : sql.dependents(c, t.ref(), column)) {
            out.add(new Dependent(column, d.kind(), d.name(), d.detail(), d.rewritable()));
            if (!d.rewritable()) {
                blockers.add(new Blocker(d.name(), d.kind() + " uses " + t.ref().table() + "." + column + " (" + d.detail() + ")",
                        action(d.kind(), column), "contract"));
            }
        }
    }

    private static String action(String kind, String column) {
        String uuid = RekeyNames.uuidColumn(column);
        return switch (kind) {
            case "index" -> "create the same index on " + uuid + " if queries need it; contract drops this one with the column";
            case "view", "materialized view" -> "recreate it selecting " + uuid + " (or keep it in the v1 compatibility schema) before contract";
            case "function" -> "rewrite its body to use " + uuid + " before contract; Ferry does not rewrite function bodies";
            case "policy" -> "recreate the policy on " + uuid + " before contract";
            case "generated column" -> "redefine it over " + uuid + " before contract";
            default -> "move it to " + uuid + " before contract";
        };
    }
}
