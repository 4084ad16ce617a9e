package dev.ferry.transfer.plan;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Database;
import dev.ferry.db.ForeignKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a starting transfer plan from the source's and the target's catalogs: one entity per
 * target table that a source table matches by name, its columns copied where a source column of
 * the same name holds values that fit, references wherever both sides declare the foreign key,
 * and the key made a UUID where the target's is one and the source's an integer. Everything the
 * catalogs cannot tell (a renamed column, a value built from several, a tenant) is a
 * {@code # TODO} line at the place it belongs, and {@code transfer plan} lists the ones left.
 */
public final class PlanScaffold {
    static final String TODO = "# TODO ";

    private final List<CatalogTable> sources;
    private final List<CatalogTable> targets;
    private final List<String> todos = new ArrayList<>();
    private final StringBuilder yaml = new StringBuilder();

    private PlanScaffold(List<CatalogTable> sources, List<CatalogTable> targets) {
        this.sources = sources;
        this.targets = targets;
    }

    /**
     * Reads both catalogs and writes the plan to {@code out}; refuses (exit 5) to replace an
     * existing file unless {@code force}.
     *
     * @param sourceName how the plan names the source (an environment of ferry.yaml)
     */
    public static ScaffoldResult write(Database source, String sourceName, Database target, String targetName, String historyTable,
                                       Path out, boolean force) {
        if (Files.exists(out) && !force) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, out + " already exists; edit it, write elsewhere with --out FILE, "
                    + "or replace it with --force");
        }
        PlanScaffold scaffold = new PlanScaffold(read(source, historyTable), read(target, historyTable));
        ScaffoldResult r = scaffold.render(sourceName, targetName, out);
        try {
            Path dir = out.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".transfer", ".tmp");
            Files.writeString(temp, scaffold.yaml.toString());
            Files.move(temp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw FerryException.failure("Cannot write " + out + ": " + e.getMessage(), e);
        }
        return r;
    }

    /** The {@code # TODO} lines left in a plan file, each with its line number; empty when none. */
    public static List<String> todos(Path plan) {
        List<String> out = new ArrayList<>();
        if (!Files.isRegularFile(plan)) {
            return out;
        }
        try {
            List<String> lines = Files.readAllLines(plan);
            for (int i = 0; i < lines.size(); i++) {
                int at = lines.get(i).indexOf(TODO);
                if (at >= 0) {
                    out.add(plan.getFileName() + ":" + (i + 1) + ": " + lines.get(i).substring(at + TODO.length()).strip());
                }
            }
        } catch (IOException e) {
            throw FerryException.failure("Cannot read " + plan + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static List<CatalogTable> read(Database db, String historyTable) {
        try (Connection c = db.connect("ferry transfer init")) {
            return CatalogTable.read(db, c, historyTable);
        } catch (SQLException e) {
            throw FerryException.sql("Reading the catalog of " + db.displayUrl(), e);
        }
    }

    private ScaffoldResult render(String sourceName, String targetName, Path out) {
        Map<String, CatalogTable> matched = new LinkedHashMap<>();
        List<String> unmatched = new ArrayList<>();
        for (CatalogTable t : targets) {
            Optional<CatalogTable> s = sources.stream().filter(x -> x.name().equalsIgnoreCase(t.name())).findFirst()
                    .or(() -> sources.stream().filter(x -> CatalogTable.sameThing(x.name(), t.name())).findFirst());
            if (s.isPresent() && !matched.containsValue(s.get())) {
                matched.put(t.name(), s.get());
            } else {
                unmatched.add(t.name());
            }
        }
        List<String> unused = sources.stream().filter(s -> !matched.containsValue(s)).map(CatalogTable::name).toList();
        yaml.append("# A starting plan, written by 'ferry transfer init' from the catalogs of ").append(sourceName).append(" and ")
                .append(targetName).append(".\n# Each '").append(TODO.strip()).append("' is something the catalogs cannot tell; ")
                .append("'ferry transfer plan' lists the ones left.\n");
        yaml.append("source: ").append(sourceName).append("\ntarget: ").append(targetName).append("\n\nentities:\n");
        List<String> entities = new ArrayList<>();
        for (CatalogTable t : targets) {
            CatalogTable s = matched.get(t.name());
            if (s != null) {
                entity(s, t, matched);
                entities.add(t.name() + " <- " + s.name());
            } else {
                unmatchedTable(t, unused);
            }
        }
        return new ScaffoldResult(out.toString(), List.copyOf(entities), List.copyOf(unmatched), unused, List.copyOf(todos));
    }

    private void entity(CatalogTable s, CatalogTable t, Map<String, CatalogTable> matched) {
        yaml.append("  ").append(t.name()).append(":\n    from: ").append(s.name()).append("\n    to: ").append(t.name()).append('\n');
        String targetKey = t.primaryKey().size() == 1 ? t.primaryKey().get(0) : null;
        key(s, t, targetKey);
        List<String> columns = new ArrayList<>();
        List<String> references = new ArrayList<>();
        List<String> referenceTodos = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (ColumnInfo tc : t.columns()) {
            if (tc.name().equals(targetKey)) {
                continue;
            }
            ForeignKey tfk = t.foreignKey(tc.name());
            if (tfk != null) {
                ForeignKey from = sourceReference(s, tc, tfk, matched);
                if (from == null) {
                    referenceTodos.add(todo(t.name(), tc.name() + " (" + CatalogTable.describe(tc) + ") references " + tfk.refTable()
                            + (matched.containsKey(tfk.refTable()) ? ": no foreign key of " + s.name() + " to " + matched.get(tfk.refTable()).name()
                            + " tells which column" : ", which no entity fills") + "; write " + tc.name() + ": {from: ..., entity: "
                            + tfk.refTable() + "}, or a tenant:"));
                } else {
                    references.add(tc.name() + ": {from: " + from.column() + ", entity: " + tfk.refTable() + "}");
                    used.add(from.column());
                }
                continue;
            }
            ColumnInfo sc = s.column(tc.name());
            String problem = sc == null ? null : TypeFit.problem(sc, tc);
            if (sc != null && problem == null) {
                columns.add(tc.name() + ": " + sc.name());
                used.add(sc.name());
            } else {
                columns.add(todo(t.name(), tc.name() + " (" + CatalogTable.describe(tc) + "): "
                        + (sc == null ? "no source column of that name" : problem)));
            }
        }
        // A reference TODO goes where its answer is written: under references when there are any.
        (references.isEmpty() ? columns : references).addAll(referenceTodos);
        section("columns", columns);
        section("references", references);
        List<String> unusedColumns = s.columns().stream().map(ColumnInfo::name)
                .filter(n -> !used.contains(n) && !s.primaryKey().contains(n)).toList();
        if (!unusedColumns.isEmpty()) {
            yaml.append("    # source columns no column reads: ").append(String.join(", ", unusedColumns)).append('\n');
        }
        yaml.append('\n');
    }

    private void key(CatalogTable s, CatalogTable t, String targetKey) {
        String sourceKey = s.primaryKey().size() == 1 ? s.primaryKey().get(0) : null;
        if (sourceKey == null || targetKey == null) {
            yaml.append("    ").append(todo(t.name(), "key: " + s.name() + " has primary key " + s.primaryKey() + ", " + t.name()
                    + " has " + t.primaryKey() + "; write key: {column: ...} or key: {columns: [...]}")).append('\n');
            return;
        }
        ColumnInfo sk = s.column(sourceKey);
        ColumnInfo tk = t.column(targetKey);
        String target = sourceKey.equals(targetKey) ? "" : ", target: " + targetKey;
        if (TypeFit.integer(sk) && TypeFit.uuid(tk)) {
            yaml.append("    key: {column: ").append(sourceKey).append(", strategy: uuid").append(target).append("}\n");
        } else if (TypeFit.problem(sk, tk) == null) {
            yaml.append("    key: {column: ").append(sourceKey).append(", strategy: keep").append(target).append("}\n");
        } else {
            yaml.append("    key: {column: ").append(sourceKey).append(", strategy: uuid").append(target).append("}  ")
                    .append(todo(t.name(), "key: " + sourceKey + " holds " + CatalogTable.describe(sk) + ", " + targetKey + " "
                            + CatalogTable.describe(tk) + "; choose the strategy")).append('\n');
        }
    }

    /**
     * The source's foreign key a target foreign key column is filled from: to the table the target's
     * parent entity reads, on the column of the same name, else the only one to that table.
     */
    private static ForeignKey sourceReference(CatalogTable s, ColumnInfo tc, ForeignKey tfk, Map<String, CatalogTable> matched) {
        CatalogTable parentSource = matched.get(tfk.refTable());
        if (parentSource == null) {
            return null;
        }
        List<ForeignKey> candidates = s.foreignKeys().stream().filter(k -> k.refTable().equals(parentSource.name())).toList();
        return candidates.stream().filter(k -> k.column().equalsIgnoreCase(tc.name())).findFirst()
                .orElse(candidates.size() == 1 ? candidates.get(0) : null);
    }

    private void unmatchedTable(CatalogTable t, List<String> unused) {
        String line = todo(t.name(), t.name() + ": no source table matches by name" + (unused.isEmpty() ? ""
                : " (source tables no entity reads: " + String.join(", ", unused) + ")") + "; write its entity");
        yaml.append("  ").append(line).append('\n');
        yaml.append("  #   its columns: ").append(String.join(", ", t.columns().stream()
                .map(c -> c.name() + " " + CatalogTable.describe(c) + (t.primaryKey().contains(c.name()) ? " (key)" : "")).toList()))
                .append("\n\n");
    }

    private void section(String name, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        yaml.append("    ").append(name).append(":\n");
        lines.forEach(l -> yaml.append("      ").append(l).append('\n'));
    }

    private String todo(String table, String text) {
        todos.add(table + ": " + text);
        return TODO + text;
    }
}
