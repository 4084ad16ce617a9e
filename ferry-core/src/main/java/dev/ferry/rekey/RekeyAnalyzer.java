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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, ViewTwins.Twin> twins = new LinkedHashMap<>();
        boolean allThere = true;
        for (RekeyModel.Keyed t : model.tables()) {
            allThere &= dialect.tableExists(c, t.ref().schema(), t.ref().table());
        }
        if (allThere) {
            try {
                for (ViewTwins.Twin twin : new ViewTwins(c, dialect).trial(model)) {
                    twins.put(twin.view().name(), twin);
                }
            } catch (SQLException e) {
                // A read-only session, say: the views are listed as blockers without the trial's verdict.
                blockers.add(new Blocker("views", "could not try their twins over the UUIDs: " + e.getMessage(),
                        "run 'ferry rekey analyze' as a user that may create temporary views, on the primary, to learn which views switch rewrites",
                        "contract"));
            }
        }
        for (RekeyModel.Keyed t : model.tables()) {
            if (!dialect.tableExists(c, t.ref().schema(), t.ref().table())) {
                blockers.add(new Blocker(t.ref().toString(), "the table does not exist", "correct the name in " + plan.file().getFileName(), "expand"));
                continue;
            }
            keyBlockers(c, t, blockers);
            List<Dependent> dependents = new ArrayList<>();
            addDependents(c, t, t.plan().key(), dependents, blockers, twins);
            for (RekeyModel.Reference r : t.references()) {
                addDependents(c, t, r.column(), dependents, blockers, twins);
            }
            if (tables.isEmpty()) {
                throughViews(model, twins, dependents, blockers);
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
            // A UUID primary key is this table switched already: running switch again must find it done, not blocked.
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

    /** Views that use the integer columns only through another view: listed with the first table, since dropping a column reaches them too. */
    private static void throughViews(RekeyModel model, Map<String, ViewTwins.Twin> twins, List<Dependent> out, List<Blocker> blockers) {
        for (ViewTwins.Twin twin : twins.values()) {
            if (twin.view().depth() > 1) {
                out.add(new Dependent("(through a view)", twin.view().kind(), twin.view().name(), ViewTwins.action(twin, model.schema()), twin.ok()));
                if (!twin.ok()) {
                    blockers.add(viewBlocker(twin.view().name(), twin.view().kind() + " uses a view over the integer columns", twin.problem()));
                }
            }
        }
    }

    private static Blocker viewBlocker(String name, String uses, String problem) {
        return new Blocker(name, uses + ", and cannot be carried to the UUIDs: " + problem,
                "change its query so that it holds with UUID keys (keys compared only with keys, no arithmetic or ordering on them), "
                        + "then run analyze again; or drop it before contract and create it again over the UUID columns after", "contract");
    }

    /**
     * Whether {@code column} alone is the table's primary key. The UUID twin is, once the switch moved
     * the key: on every table, or (where DDL commits statement by statement) on those it reached before an interruption.
     */
    private boolean keyedBy(Connection c, RekeyModel.Keyed t, String column) throws SQLException {
        return dialect.primaryKey(c, t.ref()).equals(List.of(column));
    }

    private void addDependents(Connection c, RekeyModel.Keyed t, String column, List<Dependent> out, List<Blocker> blockers,
                               Map<String, ViewTwins.Twin> twins) throws SQLException {
        String v1 = CompatViews.schema(t.ref().schema(), CompatViews.V1) + ".";
        for (ColumnDependent d : sql.dependents(c, t.ref(), column)) {
            if ((d.kind().equals("view") || d.kind().equals("materialized view")) && d.name().startsWith(v1)) {
                out.add(new Dependent(column, d.kind(), d.name(), "Ferry's v1 compatibility view; contract drops it", true));
                continue;
            }
            ViewTwins.Twin twin = twins.get(d.name());
            if (twin != null) {
                out.add(new Dependent(column, d.kind(), d.name(), ViewTwins.action(twin, t.ref().schema()), twin.ok()));
                if (!twin.ok()) {
                    blockers.add(viewBlocker(d.name(), d.kind() + " uses " + t.ref().table() + "." + column, twin.problem()));
                }
                continue;
            }
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
            case "function" -> "rewrite its body to use " + uuid + " before contract (or to read the table's view in the v2 schema, where "
                    + column + " is the UUID); Ferry rewrites views, not function bodies: their text is not parsed into dependencies it can follow";
            case "policy" -> "recreate the policy on " + uuid + " before contract";
            case "generated column" -> "redefine it over " + uuid + " before contract";
            default -> "move it to " + uuid + " before contract";
        };
    }
}
