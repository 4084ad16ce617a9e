package dev.ferry.transfer.plan;

import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Dialect;
import java.util.List;
import java.util.Map;

/**
 * Columns whose type Ferry cannot carry exactly between the two databases, refused when the plan
 * is checked rather than approximated row by row. Between two PostgreSQL databases every type's
 * text round-trips, and they pass. Between PostgreSQL and MariaDB:
 * <ul>
 * <li>spatial values have no text both databases read alike (PostgreSQL prints geometries as hex
 *     EWKB, MariaDB as raw WKB);
 * <li>{@code money} prints with the currency symbol and separators of the server's
 *     {@code lc_monetary} ({@code $1,234.56}), which no MariaDB number reads, and reads a plain
 *     number back in that locale's spelling, which verification could not tell from another;
 * <li>{@code time with time zone} into MariaDB's {@code TIME}, which has no zone to keep.
 * </ul>
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
        String in = e.sourceTable() != null ? e.sourceTable() + "." : "";
        for (ColumnPlan c : e.columns()) {
            ColumnInfo t = targetCols.get(c.target());
            for (String from : c.sourceColumns()) {
                ColumnInfo s = sourceCols.get(from);
                if (s == null) {
                    continue;
                }
                if (s.isSpatial()) {
                    problems.add(at + "column '" + c.target() + "': source column " + in + from + " is " + s.dataType()
                            + ", a spatial type Ferry cannot carry exactly " + way + "; read it as text in a 'query:' (e.g. ST_AsText(" + from
                            + ")) into a text column, or leave the column out");
                } else if (s.type().equals("money")) {
                    problems.add(at + "column '" + c.target() + "': source column " + in + from
                            + " is money, whose text carries the currency format of lc_monetary and cannot be carried exactly " + way
                            + "; read it as a number in a 'query:' (e.g. CAST(" + from + " AS numeric) AS " + from + ")");
                } else if (s.type().equals("time with time zone") && t != null && t.type().equals("time")) {
                    problems.add(at + "column '" + c.target() + "': source column " + in + from
                            + " is time with time zone, and target column " + e.targetTable() + "." + c.target()
                            + " is time, which has no zone to keep " + way + "; use a text column, or convert in a 'query:'");
                }
            }
            if (t != null && t.isSpatial()) {
                problems.add(at + "column '" + c.target() + "': target column " + e.targetTable() + "." + c.target() + " is " + t.dataType()
                        + ", a spatial type Ferry cannot fill exactly " + way + "; keep it out of the plan and fill it after the transfer "
                        + "(e.g. with ST_GeomFromText in SQL)");
            } else if (t != null && t.type().equals("money")) {
                problems.add(at + "column '" + c.target() + "': target column " + e.targetTable() + "." + c.target()
                        + " is money, whose text follows lc_monetary and cannot be filled exactly " + way
                        + "; use numeric(p, s) for the target column");
            }
        }
    }
}
