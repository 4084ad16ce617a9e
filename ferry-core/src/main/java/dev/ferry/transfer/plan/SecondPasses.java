package dev.ferry.transfer.plan;

import dev.ferry.FerryException;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import dev.ferry.transfer.transform.Transforms;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which columns wait for a second pass, and builds those passes. A reference marked
 * {@code deferred: true} always waits. While the entities still form a cycle, one link of it is
 * deferred: one whose columns are nullable in the target, preferring a link that points forward in
 * the plan's order (the plan already loads that parent later), then the earliest entity. The
 * entity writes the column NULL; the pass updates it by key once the parent is loaded.
 */
final class SecondPasses {
    private final Map<String, EntityJob> jobs;
    private final Map<String, List<Dependency>> links;
    private final List<String> planOrder;

    /** @param links each entity's dependencies, in the plan's order; deferred ones are replaced in place */
    SecondPasses(Map<String, EntityJob> jobs, Map<String, List<Dependency>> links) {
        this.jobs = jobs;
        this.links = links;
        this.planOrder = List.copyOf(jobs.keySet());
    }

    /** Defers what the plan marks {@code deferred: true}, then breaks every cycle, or says why one cannot be broken. */
    void settle() {
        List<String> problems = new ArrayList<>();
        for (EntityJob j : jobs.values()) {
            for (ReferencePlan r : j.plan().references()) {
                if (r.deferred()) {
                    String why = whyNot(j, r.target());
                    if (why != null) {
                        problems.add(j.plan().yamlLocation() + ": entity '" + j.name() + "': reference '" + r.target()
                                + "' says deferred: true, but " + why + ", so its first pass cannot leave it empty; make the column "
                                + "nullable, or drop deferred: true");
                    } else {
                        defer(j.name(), r.entity(), r.target(), "deferred: true");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw FerryException.invalidInput("The transfer plan does not match the databases (nothing was moved):\n  "
                    + String.join("\n  ", problems));
        }
        for (List<String> cycle = cycle(); !cycle.isEmpty(); cycle = cycle()) {
            List<int[]> candidates = new ArrayList<>(); // {child index, parent index} in the cycle
            List<String> reasons = new ArrayList<>();
            for (int i = 0; i + 1 < cycle.size(); i++) {
                String why = whyNotEdge(cycle.get(i), cycle.get(i + 1));
                if (why == null) {
                    candidates.add(new int[] {planOrder.indexOf(cycle.get(i)), planOrder.indexOf(cycle.get(i + 1))});
                } else {
                    reasons.add(why);
                }
            }
            String path = String.join(" -> ", cycle);
            if (candidates.isEmpty()) {
                throw FerryException.invalidInput("The plan's entities depend on each other in a cycle: " + path + ", and no link of it can "
                        + "be filled in a second pass: " + String.join("; ", reasons) + ". Make one of these reference columns nullable in "
                        + "the target (Ferry then writes it NULL first and fills it once its parent is loaded; mark the reference "
                        + "'deferred: true' to choose which), or load one side without the reference and fill it in a later "
                        + "'mode: update' entity");
            }
            int[] chosen = candidates.stream().min(Comparator.<int[]>comparingInt(c -> c[1] > c[0] ? 0 : 1).thenComparingInt(c -> c[0]))
                    .orElseThrow();
            String child = planOrder.get(chosen[0]);
            String parent = planOrder.get(chosen[1]);
            for (Dependency d : List.copyOf(links.get(child))) {
                if (d.parent().equals(parent)) {
                    defer(child, parent, d.column(), "breaks the cycle " + path);
                }
            }
        }
    }

    /** Each entity with the entities it waits for (deferred links left out), for ordering. */
    Map<String, Set<String>> waits() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        links.forEach((entity, ds) -> {
            Set<String> parents = new LinkedHashSet<>();
            ds.stream().filter(d -> !d.deferred() && !d.parent().equals(entity)).forEach(d -> parents.add(d.parent()));
            out.put(entity, parents);
        });
        return out;
    }

    private List<String> cycle() {
        DependencyGraph graph = new DependencyGraph();
        waits().forEach(graph::add);
        return graph.cycle();
    }

    private void defer(String entity, String parent, String column, String because) {
        links.get(entity).replaceAll(d -> d.parent().equals(parent) && column.equals(d.column()) && !d.deferred() ? d.deferred(because) : d);
    }

    /** Why the link from {@code child} to {@code parent} cannot wait for a second pass; {@code null} when it can. */
    private String whyNotEdge(String child, String parent) {
        EntityJob j = jobs.get(child);
        List<String> why = new ArrayList<>();
        for (Dependency d : links.get(child)) {
            if (!d.parent().equals(parent) || d.deferred()) {
                continue;
            }
            if (d.column() == null) {
                why.add(child + " waits for " + parent + " by its " + d.origin().label() + (d.origin() == Dependency.Origin.PLAN
                        ? " (depends_on, updates or tenant)" : " on a column it does not copy as one target column"));
            } else {
                String not = whyNot(j, d.column());
                if (not != null) {
                    why.add(j.target().table() + "." + d.column() + " -> " + parent + ": " + not);
                }
            }
        }
        return why.isEmpty() ? null : String.join("; ", why);
    }

    /** Why {@code job} cannot write {@code column} NULL now and fill it later; {@code null} when it can. */
    private static String whyNot(EntityJob job, String column) {
        EntityPlan e = job.plan();
        if (e.mode() != EntityMode.INSERT || e.keyStrategy() == KeyStrategy.GENERATED || e.keyTarget() == null) {
            return "entity " + e.name() + " has no key to fill it in later by (only an insert entity with strategy uuid or keep has)";
        }
        if (e.compositeKey()) {
            return "entity " + e.name() + " has a composite key, and a second pass finds the row to fill by one key column";
        }
        if (e.references().stream().anyMatch(r -> r.target().equals(column) && r.composite())) {
            return column + " refers by a composite key, which a second pass does not look up";
        }
        if (column.equals(e.keyTarget()) || (e.tenant() != null && (column.equals(e.tenant().via()) || column.equals(e.tenant().column())))) {
            return column + " is the entity's key or tenant";
        }
        ColumnInfo info = job.targetColumns().stream().filter(c -> c.name().equals(column)).findFirst().orElse(null);
        if (info != null && !info.nullable()) {
            return job.target() + "." + column + " is NOT NULL in the target";
        }
        return null;
    }

    /**
     * The second pass that fills {@code d.column()} of {@code base}: an update of that one column by
     * key, over the source rows where the value is not NULL (the first pass wrote NULL already).
     */
    static EntityJob pass(EntityJob base, Dependency d, Dialect sourceDialect, String sourceSchema, Transforms transforms,
                          Map<String, KeyStrategy> strategies) {
        EntityPlan e = base.plan();
        ReferencePlan ref = e.references().stream().filter(r -> r.target().equals(d.column())).findFirst().orElse(null);
        ColumnPlan col = ref != null ? null : e.columns().stream().filter(c -> c.target().equals(d.column())).findFirst().orElseThrow();
        String from = ref != null ? ref.from() : col.from();
        String notNull = from == null ? null : sourceDialect.quote(from) + " IS NOT NULL";
        String where = e.where() == null ? notNull : notNull == null ? e.where() : "(" + e.where() + ") AND " + notNull;
        Set<String> waits = new LinkedHashSet<>(List.of(e.name(), d.parent()));
        EntityPlan plan = new EntityPlan(e.name() + "." + d.column(), e.sourceTable(), e.sourceQuery(), e.targetTable(), where,
                EntityMode.UPDATE, e.keyColumn(), e.keyStrategy(), e.keyTarget(), col == null ? List.of() : List.of(col),
                ref == null ? List.of() : List.of(ref), null, Set.copyOf(waits), e.batchSize(), e.maxRejects(), false, e.split(), false,
                ExpectSpec.NONE, e.yamlLocation(), e.name());
        TableRef table = e.sourceTable() == null ? null : TableRef.parse(e.sourceTable(), sourceSchema);
        SourceQuery query = new SourceQuery(plan, table, sourceDialect, null, null);
        RowMapper mapper = new RowMapper(plan, query.selected(), transforms, strategies);
        List<ColumnInfo> columns = new ArrayList<>();
        for (String c : mapper.targetColumns()) {
            base.targetColumns().stream().filter(ci -> ci.name().equals(c)).findFirst().ifPresent(columns::add);
        }
        Set<String> enforced = ref != null && base.sourceEnforced().contains(ref.from()) ? Set.of(ref.from()) : Set.of();
        return new EntityJob(plan, query, mapper, base.target(), List.copyOf(columns), base.sourceColumns(), base.integerKey(),
                Set.copyOf(waits), enforced, List.of(new Dependency(e.name(), null, Dependency.Origin.PLAN, null),
                        new Dependency(d.parent(), d.column(), d.origin(), null)));
    }
}
