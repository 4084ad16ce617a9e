package dev.ferry.transfer.plan;

import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Dialect;
import java.util.List;
import java.util.Map;

/**
 * Columns whose type Ferry cannot carry exactly between the two databases, refused when the plan
 * is checked: spatial values have no text both databases read alike (PostgreSQL prints
 * geometries as hex EWKB, MariaDB as raw WKB), so moving them would load something else or fail
 * row by row. Between two PostgreSQL databases the text round-trips, and they pass.
 */
final class UncarriedTypes {
    private UncarriedTypes() {
    }

    static void check(EntityPlan e, Map<String, ColumnInfo> sourceCols, Map<String, ColumnInfo> targetCols, Dialect source,
                      Dialect target, String at, List<String> problems) {
        if (source.name().equals("PostgreSQL") && target.name().equals("PostgreSQL")) {
            return;
        }
        String way = "from " + source.name() + " to " + target.name();
        for (ColumnPlan c : e.columns()) {
            for (String from : c.sourceColumns()) {
                ColumnInfo s = sourceCols.get(from);
                if (s != null && s.isSpatial()) {
                    problems.add(at + "column '" + c.target() + "': source column " + from + " is " + s.dataType() + ", a spatial type Ferry "
                            + "cannot carry exactly " + way + "; read it as text in a 'query:' (e.g. ST_AsText(" + from
                            + ")) into a text column, or leave the column out");
                }
            }
            ColumnInfo t = targetCols.get(c.target());
            if (t != null && t.isSpatial()) {
                problems.add(at + "column '" + c.target() + "': target column " + c.target() + " is " + t.dataType() + ", a spatial type "
                        + "Ferry cannot fill exactly " + way + "; keep it out of the plan and fill it after the transfer "
                        + "(e.g. with ST_GeomFromText in SQL)");
            }
        }
    }
}
