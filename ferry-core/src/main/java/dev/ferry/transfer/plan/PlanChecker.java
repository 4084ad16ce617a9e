package dev.ferry.transfer.plan;

import dev.ferry.FerryException;
import dev.ferry.db.Catalogs;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Dialect;
import dev.ferry.db.ForeignKey;
import dev.ferry.db.TableRef;
import dev.ferry.db.TransferSql;
import dev.ferry.transfer.transform.Transforms;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a plan against the real source and target before any row moves: tables and columns
 * exist, key types fit their strategy, required target columns are filled. Every problem is
 * listed with the plan's line, all at once. It also adds the source's foreign keys to the
 * dependency order and compiles each entity into an {@link EntityJob}.
 */
public final class PlanChecker {
    private final TransferPlan plan;
    private final Transforms transforms;

    PlanChecker(TransferPlan plan, Transforms transforms) {
        this.plan = plan;
        this.transforms = transforms;
    }

    /**
     * The plan compiled against the source and target it names, in dependency order: what a
     * transfer runs and what verification compares with, so both see a row as the plan makes it.
     */
    public static List<EntityJob> compile(TransferPlan plan, Transforms transforms, Connection source, Dialect sourceDialect,
                                          Connection target, Dialect targetDialect) throws SQLException {
        return new PlanChecker(plan, transforms).check(source, sourceDialect, sourceDialect.currentSchema(source),
                target, targetDialect, targetDialect.currentSchema(target));
    }

    /** Jobs in dependency order. */
    List<EntityJob> check(Connection source, Dialect sourceDialect, String sourceSchema,
                          Connection target, Dialect targetDialect, String targetSchema) throws SQLException {
        List<String> problems = new ArrayList<>();
        Map<String, KeyStrategy> strategies = new HashMap<>();
        plan.entities().forEach(e -> strategies.put(e.name(), e.keyStrategy()));
        Map<String, EntityJob> jobs = new LinkedHashMap<>();
        Map<String, String> sourceTableToEntity = new HashMap<>();
        for (EntityPlan e : plan.entities()) {
            if (e.sourceTable() != null && e.mode() == EntityMode.INSERT) {
                // The entity that creates a table's rows stands for the table; update entities only fill them in later.
                sourceTableToEntity.putIfAbsent(sourceTableName(e, sourceSchema), e.name());
            }
        }
        for (EntityPlan e : plan.entities()) {
            EntityJob job = checkEntity(e, strategies, source, sourceDialect, sourceSchema, target, targetDialect, targetSchema, problems);
            if (job != null) {
                jobs.put(e.name(), job);
            }
        }
        if (!problems.isEmpty()) {
            throw FerryException.invalidInput("The transfer plan does not match the databases (nothing was moved):\n  "
                    + String.join("\n  ", problems));
        }
        return order(jobs, sourceDialect.foreignKeys(source, sourceSchema), sourceTableToEntity, sourceSchema, sourceDialect, strategies);
    }

    /**
     * The plan's own references, plus the source's foreign keys on columns an entity reads: a key
     * on a column the plan leaves out says nothing about the order, and following it would turn
     * two tables that point at each other into a cycle even when the plan loads one side later.
     * An update entity comes after the entity that creates the rows it fills in. A cycle left is
     * broken by a second pass ({@link SecondPasses}), which comes after its entity and its parent.
     */
    private List<EntityJob> order(Map<String, EntityJob> jobs, List<ForeignKey> fks, Map<String, String> byTable, String sourceSchema,
                                  Dialect sourceDialect, Map<String, KeyStrategy> strategies) {
        Map<String, List<Dependency>> links = new LinkedHashMap<>();
        for (EntityJob j : jobs.values()) {
            links.put(j.name(), links(j, jobs, fks, byTable, sourceSchema));
        }
        SecondPasses passes = new SecondPasses(jobs, links);
        passes.settle();
        Map<String, Set<String>> deps = passes.waits();
        Map<String, EntityJob> compiled = new LinkedHashMap<>();
        for (EntityJob j : jobs.values()) {
            EntityJob first = new EntityJob(j.plan(), j.query(), j.mapper(), j.target(), j.targetColumns(), j.sourceColumns(), j.integerKey(),
                    Set.copyOf(deps.get(j.name())), sourceEnforced(j, jobs, fks, sourceSchema), List.copyOf(links.get(j.name())));
            compiled.put(j.name(), first);
            for (Dependency d : first.dependencies()) {
                if (d.deferred()) {
                    EntityJob pass = SecondPasses.pass(first, d, sourceDialect, sourceSchema, transforms, strategies);
                    compiled.put(pass.name(), pass);
                    deps.put(pass.name(), pass.dependsOn());
                }
            }
        }
        DependencyGraph graph = new DependencyGraph();
        deps.forEach(graph::add);
        List<EntityJob> ordered = new ArrayList<>();
        for (String name : graph.order()) {
            ordered.add(compiled.get(name));
        }
        return ordered;
    }

    /** Why {@code j} waits for each entity it does: its references, its plan's word, and its source's foreign keys on columns it reads. */
    private static List<Dependency> links(EntityJob j, Map<String, EntityJob> jobs, List<ForeignKey> fks, Map<String, String> byTable,
                                          String sourceSchema) {
        List<Dependency> out = new ArrayList<>();
        Set<String> referenced = new LinkedHashSet<>();
        for (ReferencePlan r : j.plan().references()) {
            if (!r.entity().equals(j.name()) || r.deferred()) {
                out.add(new Dependency(r.entity(), r.target(), Dependency.Origin.REFERENCE, null));
                referenced.add(r.entity());
            }
        }
        for (String p : j.plan().dependsOn()) {
            if (!referenced.contains(p)) {
                out.add(new Dependency(p, null, Dependency.Origin.PLAN, null));
            }
        }
        if (j.plan().sourceTable() == null) {
            return out;
        }
        String table = sourceTableName(j.plan(), sourceSchema);
        String creator = byTable.get(table);
        if (j.plan().mode() != EntityMode.INSERT && creator != null && !creator.equals(j.name())
                && out.stream().noneMatch(d -> d.parent().equals(creator))) {
            out.add(new Dependency(creator, null, Dependency.Origin.PLAN, null));
        }
        for (ForeignKey fk : fks) {
            String parent = byTable.get(fk.refTable().toLowerCase(Locale.ROOT));
            if (!fk.table().equalsIgnoreCase(table) || parent == null || parent.equals(j.name()) || !reads(j, fk.column())
                    || j.plan().references().stream().anyMatch(r -> r.entity().equals(parent) && r.from().equalsIgnoreCase(fk.column()))) {
                continue;
            }
            String column = j.plan().columns().stream().filter(c -> fk.column().equalsIgnoreCase(c.from())).map(ColumnPlan::target)
                    .findFirst().orElse(null);
            if (out.stream().noneMatch(d -> d.parent().equals(parent) && java.util.Objects.equals(d.column(), column))) {
                out.add(new Dependency(parent, column, Dependency.Origin.SOURCE_FOREIGN_KEY, null));
            }
        }
        return out;
    }

    /**
     * The references of {@code job} that a foreign key in the source enforces: from the column the
     * reference reads to the key column of the table its parent entity reads. Such a reference
     * cannot point at a row the source lacks.
     */
    private static Set<String> sourceEnforced(EntityJob job, Map<String, EntityJob> jobs, List<ForeignKey> fks, String sourceSchema) {
        if (job.plan().sourceTable() == null) {
            return Set.of();
        }
        String table = sourceTableName(job.plan(), sourceSchema);
        Set<String> enforced = new LinkedHashSet<>();
        for (ReferencePlan r : job.plan().references()) {
            EntityJob parent = jobs.get(r.entity());
            if (r.from() == null || r.composite() || parent == null || parent.plan().sourceTable() == null || parent.plan().keyColumn() == null) {
                continue;
            }
            String parentTable = sourceTableName(parent.plan(), sourceSchema);
            boolean declared = fks.stream().anyMatch(fk -> fk.table().equalsIgnoreCase(table) && fk.column().equalsIgnoreCase(r.from())
                    && fk.refTable().equalsIgnoreCase(parentTable) && fk.refColumn().equalsIgnoreCase(parent.plan().keyColumn()));
            if (declared) {
                enforced.add(r.from());
            }
        }
        return Set.copyOf(enforced);
    }

    private static String sourceTableName(EntityPlan e, String sourceSchema) {
        return TableRef.parse(e.sourceTable(), sourceSchema).table().toLowerCase(Locale.ROOT);
    }

    /**
     * An inheritance parent as a target is refused: PostgreSQL reads and deletes the rows of the
     * tables inheriting from it with its own, so the run's counts, the check for rows already
     * there, {@code --fresh} and verification would all reach tables the entity does not write.
     * A partitioned parent is fine: its partitions hold exactly its rows.
     */
    private static void checkInheritanceTarget(TransferSql.TablesBelow below, TableRef targetTable, String at, List<String> problems) {
        if (below != null && !below.partitions()) {
            problems.add(at + "target table " + targetTable + " has tables inheriting from it (" + below.names() + "), whose rows "
                    + "PostgreSQL counts and deletes with it, so Ferry does not load it; load the inheriting tables as entities of their "
                    + "own and fill the parent with SQL after the transfer, or make it a partitioned table");
        }
    }

    private static boolean reads(EntityJob job, String sourceColumn) {
        return job.query().selected().stream().anyMatch(c -> c.equalsIgnoreCase(sourceColumn));
    }

    private EntityJob checkEntity(EntityPlan e, Map<String, KeyStrategy> strategies, Connection source, Dialect sd, String sourceSchema,
                                  Connection target, Dialect td, String targetSchema, List<String> problems) throws SQLException {
        String at = e.yamlLocation() + ": entity '" + e.name() + "': ";
        int before = problems.size();
        TableRef sourceTable = e.sourceTable() == null ? null : TableRef.parse(e.sourceTable(), sourceSchema);
        Map<String, ColumnInfo> sourceCols = new HashMap<>();
        if (sourceTable != null) {
            for (ColumnInfo c : Catalogs.columns(source, sourceTable)) {
                sourceCols.put(c.name(), c);
            }
            if (sourceCols.isEmpty()) {
                problems.add(at + "source table " + sourceTable + " does not exist");
                return null;
            }
        } else {
            sourceCols.putAll(queryColumns(source, e.sourceQuery(), at, problems));
            if (sourceCols.isEmpty()) {
                return null;
            }
        }
        Set<String> needed = new LinkedHashSet<>();
        needed.addAll(e.keyColumns());
        e.columns().forEach(c -> needed.addAll(c.sourceColumns()));
        e.references().forEach(r -> needed.addAll(r.fromColumns()));
        for (String col : needed) {
            if (!sourceCols.containsKey(col)) {
                problems.add(at + "source column '" + col + "' does not exist in " + (sourceTable != null ? sourceTable : "the query")
                        + "; it has: " + String.join(", ", new java.util.TreeSet<>(sourceCols.keySet())));
            }
        }
        TableRef targetTable = TableRef.parse(e.targetTable(), targetSchema);
        Map<String, ColumnInfo> targetCols = new LinkedHashMap<>();
        for (ColumnInfo c : Catalogs.columns(target, targetTable)) {
            targetCols.put(c.name(), c);
        }
        if (targetCols.isEmpty()) {
            problems.add(at + "target table " + targetTable + " does not exist; create it with the project's migrations ('ferry migrate') first");
            return null;
        }
        checkInheritanceTarget(td.transfer().tablesBelow(target, targetTable), targetTable, at, problems);
        String parentSource = null;
        String parentKey = null;
        if (e.tenant() != null && e.tenant().fromParent()) {
            ReferencePlan via = e.references().stream().filter(r -> r.target().equals(e.tenant().via())).findFirst().orElseThrow();
            EntityPlan parent = plan.entity(via.entity()).orElseThrow();
            parentSource = parent.sourceQuery() != null ? "(" + parent.sourceQuery() + ")"
                    : TableRef.parse(parent.sourceTable(), sourceSchema).quoted(sd);
            parentKey = parent.keyColumn();
        }
        SourceQuery query = new SourceQuery(e, sourceTable, sd, parentSource, parentKey);
        if (problems.size() > before) {
            return null;
        }
        RowMapper mapper = new RowMapper(e, query.selected(), transforms, strategies);
        List<ColumnInfo> ordered = new ArrayList<>();
        for (String col : mapper.targetColumns()) {
            ColumnInfo info = targetCols.get(col);
            if (info == null) {
                problems.add(at + "target column '" + col + "' does not exist in " + targetTable + "; it has: "
                        + String.join(", ", targetCols.keySet()));
            } else {
                ordered.add(info);
            }
        }
        checkKeyTypes(e, strategies, targetCols, at, problems);
        UncarriedTypes.check(e, sourceCols, targetCols, sd, td, at, problems);
        if (e.mode() == EntityMode.INSERT) {
            for (ColumnInfo c : targetCols.values()) {
                if (!c.nullable() && !c.hasDefault() && !mapper.targetColumns().contains(c.name())) {
                    problems.add(at + "target column " + targetTable + "." + c.name() + " is NOT NULL without a default, "
                            + "but the plan does not fill it; add it under 'columns:'");
                }
            }
        }
        for (ColumnPlan c : e.columns()) {
            ColumnInfo info = targetCols.get(c.target());
            if (info != null && c.from() != null && c.json() == null && sourceCols.containsKey(c.from()) && c.transforms().isEmpty() && c.map() == null) {
                ColumnInfo src = sourceCols.get(c.from());
                if (info.maxLength() != null && src.maxLength() != null && src.maxLength() > info.maxLength()) {
                    problems.add(at + "column '" + c.target() + "': source " + c.from() + " holds up to " + src.maxLength()
                            + " characters, target " + info.dataType() + "(" + info.maxLength() + ") fewer; add 'transform: [truncate:"
                            + info.maxLength() + "]' or widen the column");
                }
            }
        }
        if (problems.size() > before) {
            return null;
        }
        ColumnInfo key = sourceCols.get(e.keyColumn());
        // A composite key is never an integer key: it is read as one slice, paged by its whole tuple.
        return new EntityJob(e, query, mapper, targetTable, List.copyOf(ordered), Map.copyOf(sourceCols),
                key != null && key.isInteger() && !e.compositeKey(),
                e.dependsOn(), Set.of());
    }

    private static void checkKeyTypes(EntityPlan e, Map<String, KeyStrategy> strategies, Map<String, ColumnInfo> targetCols,
                                      String at, List<String> problems) {
        if (e.keyStrategy() == KeyStrategy.UUID) {
            requireUuidCapable(targetCols.get(e.keyTarget()), "key column '" + e.keyTarget() + "' (strategy uuid)", at, problems);
        }
        for (ReferencePlan r : e.references()) {
            if (strategies.get(r.entity()) == KeyStrategy.UUID) {
                requireUuidCapable(targetCols.get(r.target()), "reference column '" + r.target() + "' (to " + r.entity() + ", a uuid key)",
                        at, problems);
            }
        }
    }

    private static void requireUuidCapable(ColumnInfo c, String what, String at, List<String> problems) {
        if (c == null) {
            return;
        }
        String t = c.type();
        boolean ok = t.equals("uuid") || c.isUuidBinary() || (c.isTextual() && (c.maxLength() == null || c.maxLength() >= 36));
        if (!ok) {
            problems.add(at + what + " is " + c.dataType() + (c.maxLength() == null ? "" : "(" + c.maxLength() + ")")
                    + " in the target, which cannot hold a UUID; make it uuid (or CHAR(36) or BINARY(16)), or use strategy keep");
        }
    }

    private static Map<String, ColumnInfo> queryColumns(Connection source, String query, String at, List<String> problems) {
        Map<String, ColumnInfo> cols = new LinkedHashMap<>();
        try (PreparedStatement ps = source.prepareStatement("SELECT * FROM (" + query + ") q WHERE 1 = 0");
             ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String type = md.getColumnTypeName(i);
                boolean integer = md.getColumnType(i) == java.sql.Types.INTEGER || md.getColumnType(i) == java.sql.Types.BIGINT
                        || md.getColumnType(i) == java.sql.Types.SMALLINT;
                cols.put(md.getColumnLabel(i), new ColumnInfo(md.getColumnLabel(i), integer ? "bigint" : type, null, null, null, true, false));
            }
        } catch (SQLException e) {
            problems.add(at + "the source query fails: " + e.getMessage().strip().split("\n")[0]);
        }
        return cols;
    }
}
