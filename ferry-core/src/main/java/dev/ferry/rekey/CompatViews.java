package dev.ferry.rekey;

import dev.ferry.db.Catalogs;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.HashSet;

/**
 * The two shapes of each re-keyed table as views: {@code <schema>_v1} the old one (integer keys,
 * no UUID columns), {@code <schema>_v2} the new one (the UUIDs under the old column names, no
 * integers). Each view selects plain columns of one table, so the server writes through it.
 */
final class CompatViews {
    static final String V1 = "v1";
    static final String V2 = "v2";

    private final Dialect dialect;

    CompatViews(Dialect dialect) {
        this.dialect = dialect;
    }

    static String schema(String base, String version) {
        return base + "_" + version;
    }

    /** The statements (re)creating both schemas and their views. */
    List<String> create(Connection c, RekeyModel model) throws SQLException {
        List<String> out = new ArrayList<>();
        Set<String> keyed = new HashSet<>();
        model.tables().forEach(t -> keyed.add(t.plan().table()));
        for (String version : List.of(V1, V2)) {
            out.add("CREATE SCHEMA IF NOT EXISTS " + dialect.quote(schema(model.schema(), version)));
            out.addAll(dialect.rekey().compatOtherTables(c, model.schema(), schema(model.schema(), version), keyed));
        }
        for (RekeyModel.Keyed t : model.tables()) {
            Set<String> uuidColumns = new HashSet<>(List.of(t.plan().keyUuid()));
            Set<String> integers = new HashSet<>(List.of(t.plan().key()));
            t.references().forEach(r -> {
                uuidColumns.add(r.uuidColumn());
                integers.add(r.column());
            });
            List<String> v1 = new ArrayList<>();
            List<String> v2 = new ArrayList<>();
            for (ColumnInfo col : Catalogs.columns(c, t.ref())) {
                String name = dialect.quote(col.name());
                if (uuidColumns.contains(col.name())) {
                    continue;
                }
                v1.add(name);
                v2.add(integers.contains(col.name()) ? dialect.quote(RekeyNames.uuidColumn(col.name())) + " AS " + name : name);
            }
            out.add(dialect.rekey().compatView(c, view(model, t, V1), t.ref(), v1));
            out.add(dialect.rekey().compatView(c, view(model, t, V2), t.ref(), v2));
        }
        return out;
    }

    /** The statements dropping the views and then the schemas, if they are empty then. */
    List<String> drop(RekeyModel model) {
        List<String> out = new ArrayList<>();
        for (RekeyModel.Keyed t : model.tables()) {
            out.add(dialect.rekey().dropView(view(model, t, V1)));
            out.add(dialect.rekey().dropView(view(model, t, V2)));
        }
        out.add(dialect.rekey().dropSchemaIfEmpty(schema(model.schema(), V1)));
        out.add(dialect.rekey().dropSchemaIfEmpty(schema(model.schema(), V2)));
        return out;
    }

    private static TableRef view(RekeyModel model, RekeyModel.Keyed t, String version) {
        return new TableRef(schema(model.schema(), version), t.plan().table());
    }
}
