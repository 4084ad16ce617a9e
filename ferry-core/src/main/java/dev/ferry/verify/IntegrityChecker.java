package dev.ferry.verify;

import dev.ferry.FerryException;
import dev.ferry.db.Catalogs;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.ForeignKey;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Checks any database, no plan needed: orphans along every declared foreign key and along the
 * undeclared references the user lists, repeated natural keys, constraints never validated,
 * foreign keys without an index, and the business rules.
 */
public final class IntegrityChecker {
    private static final int SAMPLE = 5;

    private final Database database;
    private final Map<String, String> env;
    private final OrphanCounts orphanCounts;

    public IntegrityChecker(Database database, Map<String, String> env) {
        this(database, env, new OrphanCounts());
    }

    /** @param orphanCounts shared with a transfer's verification, whose plan references count the same orphans */
    IntegrityChecker(Database database, Map<String, String> env, OrphanCounts orphanCounts) {
        this.database = database;
        this.env = env;
        this.orphanCounts = orphanCounts;
    }

    /**
     * Runs {@link #check} on a thread of its own, so that when a transfer is verified these checks
     * of the target overlap the comparison instead of waiting for it. They run serially there
     * ({@link dev.ferry.db.IntegritySql#runQueriesSerially}): the comparison already occupies the cores.
     */
    public CompletableFuture<List<Finding>> checkInBackground(IntegrityOptions options) {
        CompletableFuture<List<Finding>> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(check(options, true));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "ferry-integrity");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    public List<Finding> check(IntegrityOptions options) {
        return check(options, false);
    }

    private List<Finding> check(IntegrityOptions options, boolean serially) {
        Dialect d = database.dialect();
        List<Finding> out = new ArrayList<>();
        List<Rule> rules = Rules.load(options.rulesDir(), env);
        try (Connection c = database.connect("ferry verify integrity")) {
            if (serially) {
                d.integrity().runQueriesSerially(c);
            }
            String schema = d.currentSchema(c);
            for (ForeignKey fk : d.foreignKeys(c, schema)) {
                out.add(orphans(c, d, fk, "foreign key " + fk.name(), fk.columns().size() == 1
                        ? OrphanCounts.key(new TableRef(schema, fk.table()), fk.column(), new TableRef(schema, fk.refTable()), fk.refColumn()) : null));
            }
            for (String relation : options.relations()) {
                out.add(orphans(c, d, OrphanSql.listed(relation), "listed reference", null));
            }
            for (String unique : options.uniques()) {
                out.add(duplicates(c, d, unique));
            }
            List<String> notValid = d.integrity().notValidConstraints(c, schema);
            if (notValid == null) {
                out.add(Finding.notRun("not valid constraints", schema, Severity.WARNING, d.name() + " has no NOT VALID constraints"));
            } else {
                out.add(notValid.isEmpty() ? Finding.passed("not valid constraints", schema, Severity.WARNING, "every constraint was validated")
                        : Finding.failed("not valid constraints", schema, Severity.WARNING, notValid.size(), limit(notValid),
                        "constraints never checked against existing rows; run ALTER TABLE ... VALIDATE CONSTRAINT"));
            }
            List<String> unindexed = d.integrity().unindexedForeignKeys(c, schema);
            out.add(unindexed.isEmpty() ? Finding.passed("foreign key indexes", schema, Severity.WARNING, "every foreign key column is indexed")
                    : Finding.failed("foreign key indexes", schema, Severity.WARNING, unindexed.size(), limit(unindexed),
                    "foreign key columns without an index: deleting or updating a parent scans the child table"));
            for (Rule rule : rules) {
                out.add(rule(c, rule));
            }
            for (String spec : options.tenants()) {
                out.addAll(tenants(c, d, schema, spec));
            }
        } catch (SQLException e) {
            throw FerryException.sql("Checking integrity of " + database.displayUrl(), e);
        }
        return out;
    }

    /** The spread over the tenants of every table of the schema that has the tenant column. */
    private static List<Finding> tenants(Connection c, Dialect d, String schema, String spec) throws SQLException {
        String[] t = IntegrityOptions.parseTenant(spec);
        TableRef tenantTable = new TableRef(schema, t[1]);
        if (!d.tableExists(c, schema, t[1])) {
            throw FerryException.invalidInput("--tenants " + spec + ": there is no table '" + t[1] + "' in " + schema);
        }
        List<String> owned = Catalogs.strings(c, "SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t "
                + "ON t.table_schema = c.table_schema AND t.table_name = c.table_name WHERE c.table_schema = ? AND c.column_name = ? "
                + "AND t.table_type = 'BASE TABLE' AND c.table_name <> ? ORDER BY c.table_name", schema, t[0], t[1]);
        if (owned.isEmpty()) {
            return List.of(Finding.notRun("tenant distribution", spec, Severity.WARNING, "no table in " + schema + " has a column " + t[0]));
        }
        List<Finding> out = new ArrayList<>();
        TenantDistribution distribution = new TenantDistribution(c, d);
        for (String table : owned) {
            out.addAll(distribution.check(new TableRef(schema, table), t[0], tenantTable, t[2]));
        }
        return out;
    }

    static String[] parseRelation(String relation) {
        String[] parts = relation.split("=");
        String[] child = parts.length == 2 ? parts[0].strip().split("\\.") : new String[0];
        String[] parent = parts.length == 2 ? parts[1].strip().split("\\.") : new String[0];
        if (child.length != 2 || parent.length != 2) {
            throw FerryException.invalidInput("'" + relation + "' is not a reference; write table.column=parent_table.column, e.g. orders.patient_id=patients.id");
        }
        return new String[] {child[0], child[1], parent[0], parent[1]};
    }

    /** @param shared the key its count is shared under ({@link OrphanCounts}), or {@code null} to count alone */
    private Finding orphans(Connection c, Dialect d, ForeignKey fk, String what, String shared) {
        String subject = OrphanSql.subject(fk);
        String from = " FROM " + d.quote(fk.table()) + " c WHERE " + OrphanSql.orphan(d, fk);
        try {
            long n = shared == null ? Catalogs.count(c, "SELECT COUNT(*)" + from) : orphanCounts.count(shared, () -> Catalogs.count(c, "SELECT COUNT(*)" + from));
            if (n == 0) {
                return Finding.passed("orphans", subject, Severity.ERROR, what + ": every row has its parent");
            }
            return Finding.failed("orphans", subject, Severity.ERROR, n, sample(c, "SELECT c." + d.quote(fk.column()) + from),
                    what + ": " + n + " row(s) point at a missing " + fk.refTable());
        } catch (SQLException e) {
            return Finding.notRun("orphans", subject, Severity.ERROR, firstLine(e));
        }
    }

    private Finding duplicates(Connection c, Dialect d, String spec) {
        int colon = spec.indexOf(':');
        if (colon < 1) {
            throw FerryException.invalidInput("'" + spec + "' is not a natural key; write table:column1,column2, e.g. profiles:email");
        }
        String table = spec.substring(0, colon).strip();
        List<String> cols = List.of(spec.substring(colon + 1).split("\\s*,\\s*"));
        String list = String.join(", ", cols.stream().map(d::quote).toList());
        String groups = "SELECT " + list + " FROM " + d.quote(table) + " GROUP BY " + list + " HAVING COUNT(*) > 1";
        try {
            long n = Catalogs.count(c, "SELECT COUNT(*) FROM (" + groups + ") g");
            if (n == 0) {
                return Finding.passed("duplicates", spec, Severity.ERROR, "no value of (" + String.join(", ", cols) + ") repeats");
            }
            return Finding.failed("duplicates", spec, Severity.ERROR, n, sample(c, groups), n + " value(s) of (" + String.join(", ", cols) + ") repeat");
        } catch (SQLException e) {
            return Finding.notRun("duplicates", spec, Severity.ERROR, firstLine(e));
        }
    }

    private Finding rule(Connection c, Rule rule) {
        try {
            long n = Catalogs.count(c, "SELECT COUNT(*) FROM (" + rule.sql() + ") r");
            String text = rule.description() == null ? rule.sql() : rule.description();
            return n == 0 ? Finding.passed("rule", rule.name(), rule.severity(), text)
                    : Finding.failed("rule", rule.name(), rule.severity(), n, sample(c, rule.sql()), text + " (" + n + " offending row(s))");
        } catch (SQLException e) {
            return Finding.notRun("rule", rule.name(), rule.severity(), rule.source() + ": the rule's query fails: " + firstLine(e));
        }
    }

    private static List<String> sample(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(SAMPLE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static List<String> limit(List<String> all) {
        return all.size() <= SAMPLE ? all : all.subList(0, SAMPLE);
    }

    private static String firstLine(SQLException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage().strip().split("\n")[0];
    }
}
