package dev.ferry.transfer.plan;

import dev.ferry.db.Catalogs;
import dev.ferry.db.CatalogObject;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.ForeignKey;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One table as a plan scaffold sees it in a catalog: its columns, primary key and single-column foreign keys. */
record CatalogTable(String name, List<ColumnInfo> columns, List<String> primaryKey, List<ForeignKey> foreignKeys) {

    /** Every table of the database's current schema, Ferry's own state tables left out. */
    static List<CatalogTable> read(Database db, Connection c, String historyTable) throws SQLException {
        Dialect d = db.dialect();
        String schema = d.currentSchema(c);
        List<ForeignKey> keys = d.foreignKeys(c, schema);
        List<CatalogTable> out = new ArrayList<>();
        for (CatalogObject o : d.schemaCatalog().objects(c, schema)) {
            String name = o.name();
            if (!o.kind().equals("table") || name.startsWith("ferry_") || name.equals(historyTable)) {
                continue;
            }
            TableRef ref = new TableRef(schema, name);
            out.add(new CatalogTable(name, Catalogs.columns(c, ref), d.primaryKey(c, ref),
                    keys.stream().filter(k -> k.table().equals(name) && k.columns().size() == 1).toList()));
        }
        return out;
    }

    ColumnInfo column(String name) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    ForeignKey foreignKey(String column) {
        return foreignKeys.stream().filter(k -> k.column().equalsIgnoreCase(column)).findFirst().orElse(null);
    }

    /**
     * What a table's name says it holds: lower case, without a plural ending, so that {@code offices}
     * and {@code office} agree.
     */
    static String stem(String table) {
        String t = table.toLowerCase(Locale.ROOT);
        if (t.endsWith("ies") && t.length() > 4) {
            return t.substring(0, t.length() - 3) + "y";
        }
        if (t.endsWith("ses") || t.endsWith("xes") || t.endsWith("ches") || t.endsWith("shes")) {
            return t.substring(0, t.length() - 2);
        }
        return t.endsWith("s") && !t.endsWith("ss") ? t.substring(0, t.length() - 1) : t;
    }

    /** Whether a source table holds what a target table does: the same stem, or the stem behind a prefix ending in {@code _} ({@code dispatch_office}). */
    static boolean sameThing(String source, String target) {
        String s = stem(source);
        String t = stem(target);
        return s.equals(t) || s.endsWith("_" + t);
    }

    /** {@code varchar(200) NOT NULL}, as a TODO line shows a column. */
    static String describe(ColumnInfo c) {
        String size = c.maxLength() != null && c.type().contains("char") ? "(" + c.maxLength() + ")"
                : c.precision() != null && (c.type().equals("numeric") || c.type().equals("decimal")) ? "(" + c.precision() + ", " + c.scale() + ")" : "";
        // A nullable column's default is usually just NULL (MariaDB reports it as one): only a NOT NULL column's default matters.
        return c.type() + size + (c.nullable() ? "" : " NOT NULL" + (c.hasDefault() ? " DEFAULT ..." : ""));
    }
}
