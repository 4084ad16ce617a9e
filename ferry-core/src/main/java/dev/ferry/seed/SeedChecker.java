package dev.ferry.seed;

import dev.ferry.FerryException;
import dev.ferry.db.Catalogs;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks every data file against the database before any file is applied: the table exists,
 * every column exists, and rows can be matched on a key (the declared one must be a primary or
 * unique key, and every row must give it). All problems are reported at once, with file and line.
 */
final class SeedChecker {
    private final Connection connection;
    private final Dialect dialect;
    private final String schema;
    private final List<String> problems = new ArrayList<>();

    SeedChecker(Connection connection, Dialect dialect, String schema) {
        this.connection = connection;
        this.dialect = dialect;
        this.schema = schema;
    }

    /** The target of every data file, by file name; throws (invalid input) listing every problem. */
    Map<String, SeedTarget> check(List<SeedFile> files) throws SQLException {
        Map<String, SeedTarget> targets = new LinkedHashMap<>();
        for (SeedFile f : files) {
            if (f.isData()) {
                SeedTarget t = target(f);
                if (t != null) {
                    targets.put(f.name(), t);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw FerryException.invalidInput("Seed files do not match the database; nothing was applied:\n  " + String.join("\n  ", problems));
        }
        return targets;
    }

    private SeedTarget target(SeedFile f) throws SQLException {
        TableRef table = TableRef.parse(f.table(), schema);
        List<ColumnInfo> catalog = Catalogs.columns(connection, table);
        if (catalog.isEmpty()) {
            problems.add(f.display() + ":1: table '" + f.table() + "' does not exist in " + table.schema()
                    + "; create it with a migration, or name the table in the file" + (f.kind() == SeedKind.CSV ? " (# ferry:table NAME)" : ""));
            return null;
        }
        Map<String, ColumnInfo> columns = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, Integer> c : f.columns().entrySet()) {
            ColumnInfo info = find(catalog, c.getKey());
            if (info == null) {
                problems.add(f.display() + ":" + c.getValue() + ": unknown column '" + c.getKey() + "' in table " + f.table()
                        + "; its columns are " + String.join(", ", catalog.stream().map(ColumnInfo::name).toList()));
                ok = false;
            } else {
                columns.put(c.getKey(), info);
            }
        }
        List<String> key = key(f, table, catalog);
        if (!ok || key == null) {
            return null;
        }
        SeedTarget target = new SeedTarget(table, columns, key);
        return rowsGiveKey(f, target) ? target : null;
    }

    private List<String> key(SeedFile f, TableRef table, List<ColumnInfo> catalog) throws SQLException {
        if (f.key().isEmpty()) {
            List<String> pk = dialect.primaryKey(connection, table);
            if (pk.isEmpty()) {
                problems.add(f.display() + ":1: table " + f.table() + " has no primary key; declare the columns rows are matched on ("
                        + (f.kind() == SeedKind.CSV ? "# ferry:key COL" : "key: [COL]") + ")");
                return null;
            }
            return pk;
        }
        List<String> key = new ArrayList<>();
        for (String k : f.key()) {
            ColumnInfo info = find(catalog, k);
            if (info == null) {
                problems.add(f.display() + ":1: key column '" + k + "' is not a column of " + f.table());
                return null;
            }
            key.add(info.name());
        }
        Set<String> wanted = new HashSet<>(key);
        boolean unique = dialect.seeds().uniqueKeys(connection, table).stream().anyMatch(u -> new HashSet<>(u).equals(wanted));
        if (!unique) {
            problems.add(f.display() + ":1: key (" + String.join(", ", key) + ") of " + f.table()
                    + " is neither its primary key nor a unique key; add a unique constraint in a migration, or match rows on another key");
            return null;
        }
        return key;
    }

    /** Every row must name the key columns, or a changed file could not find the rows it made before. */
    private boolean rowsGiveKey(SeedFile f, SeedTarget target) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String k : target.key()) {
            if (target.columns().values().stream().noneMatch(c -> c.name().equals(k))) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty() && f.rowCount() > 0) {
            problems.add(f.display() + ":1: the rows do not give the key column(s) " + String.join(", ", missing) + " of " + f.table()
                    + "; every row needs them so that seeding again updates the same rows");
            return false;
        }
        if (f.kind() == SeedKind.YAML) {
            int before = problems.size();
            f.readRows().forEach(row -> {
                if (problems.size() - before < 5) {
                    for (String k : target.key()) {
                        if (row.values().keySet().stream().noneMatch(c -> target.columns().get(c).name().equals(k))) {
                            problems.add(f.display() + ":" + row.line() + ": the row has no '" + k + "', a key column of " + f.table());
                        }
                    }
                }
            });
            return problems.size() == before;
        }
        return true;
    }

    private static ColumnInfo find(List<ColumnInfo> catalog, String name) {
        for (ColumnInfo c : catalog) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (ColumnInfo c : catalog) {
            if (c.name().toLowerCase(Locale.ROOT).equals(lower)) {
                return c;
            }
        }
        return null;
    }
}
