package dev.ferry.rekey;

import dev.ferry.db.Catalogs;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Dialect;
import dev.ferry.db.RekeyViewSql;
import dev.ferry.db.RekeyViewSql.DependentView;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user's views over the integer key and foreign-key columns, carried to the UUIDs. Each gets a
 * twin in {@code <schema>_v2}: its own query, bound by name to the v2 views (where the UUIDs carry
 * the old column names) instead of the tables, so no query text is edited and the server decides
 * whether the query still holds with UUIDs (a key compared with a number does not). Whether a twin
 * can be made is always found out by making it, in a transaction that is rolled back: by analyze
 * over session-private stand-ins, by switch over the real v2 views before it commits them.
 */
final class ViewTwins {
    static final String TWIN = "view twin";
    static final String EXTRA = "view twin extra";

    /** A view and its twin's definition (every name qualified), or why it has none. */
    record Twin(DependentView view, String definition, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    private final Connection c;
    private final Dialect dialect;
    private final RekeyViewSql sql;

    ViewTwins(Connection c, Dialect dialect) {
        this.c = c;
        this.dialect = dialect;
        this.sql = dialect.rekey().views();
    }

    /** The integer key and foreign-key columns of every planned table. */
    static Map<TableRef, List<String>> integerColumns(RekeyModel model) {
        Map<TableRef, List<String>> out = new LinkedHashMap<>();
        for (RekeyModel.Keyed t : model.tables()) {
            List<String> columns = new ArrayList<>(List.of(t.plan().key()));
            t.references().forEach(r -> columns.add(r.column()));
            out.put(t.ref(), columns);
        }
        return out;
    }

    /** The views using the integer columns, used ones first; the compatibility views are Ferry's own and left out. */
    List<DependentView> dependents(RekeyModel model) throws SQLException {
        return sql.dependentViews(c, integerColumns(model), List.of(CompatViews.schema(model.schema(), CompatViews.V1),
                CompatViews.schema(model.schema(), CompatViews.V2)));
    }

    /** For analyze: each twin tried over stand-ins of the v2 views in the session's private schema; nothing stays. */
    List<Twin> trial(RekeyModel model) throws SQLException {
        if (dependents(model).isEmpty()) {
            return List.of(); // nothing to try (always so where the server carries no view over, as on MariaDB)
        }
        List<String> standIns = new ArrayList<>();
        Map<TableRef, List<String>> integerColumns = integerColumns(model);
        for (RekeyModel.Keyed t : model.tables()) {
            Set<String> integers = new HashSet<>(integerColumns.get(t.ref()));
            Set<String> uuids = new HashSet<>();
            integers.forEach(i -> uuids.add(RekeyNames.uuidColumn(i)));
            List<String> columns = new ArrayList<>();
            for (ColumnInfo col : Catalogs.columns(c, t.ref())) {
                if (!uuids.contains(col.name())) {
                    columns.add(integers.contains(col.name()) ? sql.nullUuid() + " AS " + dialect.quote(col.name()) : dialect.quote(col.name()));
                }
            }
            standIns.add(sql.standIn(t.ref(), columns));
        }
        return attempt(model, standIns, sql.trialSchema());
    }

    /** For switch: each twin tried in {@code <schema>_v2}, after {@code compat} (the v2 views, when missing); rolled back for the switch to commit. */
    List<Twin> plan(RekeyModel model, List<String> compat) throws SQLException {
        return attempt(model, compat, CompatViews.schema(model.schema(), CompatViews.V2));
    }

    private List<Twin> attempt(RekeyModel model, List<String> setup, String target) throws SQLException {
        List<DependentView> views = dependents(model);
        if (views.isEmpty()) {
            return List.of();
        }
        Map<TableRef, List<String>> columns = integerColumns(model);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement st = c.createStatement()) {
                for (String s : setup) {
                    st.execute(s);
                }
            }
            List<Twin> out = new ArrayList<>();
            List<TableRef> avoided = new ArrayList<>();
            for (DependentView v : views) {
                RekeyViewSql.Attempt a = v.ref().schema().equals(model.schema())
                        ? sql.tryTwin(c, v, target, model.schema(), columns, avoided)
                        : new RekeyViewSql.Attempt(null, "it lives in schema " + v.ref().schema() + ", and Ferry makes twins only of views in "
                                + model.schema() + " (beside the tables)");
                if (!a.ok()) {
                    avoided.add(v.ref());
                }
                out.add(new Twin(v, a.definition(), a.problem()));
            }
            return out;
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /** Where a view's twin lives. */
    static TableRef twinOf(RekeyModel model, TableRef view) {
        return new TableRef(CompatViews.schema(model.schema(), CompatViews.V2), view.table());
    }

    /**
     * The saved name of the {@code index}th twin: its position first, so that reading the saved rows
     * in name order creates used views before the views using them.
     */
    static String savedName(int index, DependentView view) {
        return String.format("%04d %s %s", index, view.materialized() ? "m" : "v", view.ref().table());
    }

    /** The view a saved name stands for, in the base schema, and whether it is materialized. */
    static DependentView fromSaved(String schema, String savedName, String definition) {
        String[] parts = savedName.split(" ", 3);
        return new DependentView(parts[2], new TableRef(schema, parts[2]), parts[1].equals("m"), Integer.parseInt(parts[0]), definition);
    }

    /** Why the analysis lists a view: what switch does with it, or what the user must do. */
    static String action(Twin t, String schema) {
        return t.ok() ? "rewritten by switch: its twin " + new TableRef(CompatViews.schema(schema, CompatViews.V2), t.view().ref().table()) + " runs the same query over the UUIDs, and contract "
                + "replaces " + t.view().ref() + " with it"
                : "blocker: " + t.problem();
    }
}
