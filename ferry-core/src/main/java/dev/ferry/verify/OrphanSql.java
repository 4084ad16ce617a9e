package dev.ferry.verify;

import dev.ferry.db.Dialect;
import dev.ferry.db.ForeignKey;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The SQL of orphans along a reference of one column or several (a composite foreign key), for
 * the integrity check and the quarantine alike. A reference with a NULL in any of its columns
 * points nowhere, as a foreign key reads it.
 */
final class OrphanSql {
    private OrphanSql() {
    }

    /** A listed reference {@code table.column=parent.column} as the foreign key it stands for. */
    static ForeignKey listed(String relation) {
        String[] r = IntegrityChecker.parseRelation(relation);
        return new ForeignKey(null, r[0], r[1], r[2], r[3]);
    }

    /** A condition on the child row {@code c}: its reference is set and no parent row has it. */
    static String orphan(Dialect d, ForeignKey fk) {
        String set = fk.columns().stream().map(col -> "c." + d.quote(col) + " IS NOT NULL").collect(Collectors.joining(" AND "));
        String same = IntStream.range(0, fk.columns().size())
                .mapToObj(i -> "p." + d.quote(fk.refColumns().get(i)) + " = c." + d.quote(fk.columns().get(i))).collect(Collectors.joining(" AND "));
        return set + " AND NOT EXISTS (SELECT 1 FROM " + d.quote(fk.refTable()) + " p WHERE " + same + ")";
    }

    /** A condition on the child row {@code c}: it points at one of the parent rows {@code parentRows} ({@code " FROM parent c WHERE ..."}) selects. */
    static String pointingAt(Dialect d, ForeignKey fk, String parentRows) {
        String columns = fk.columns().stream().map(col -> "c." + d.quote(col)).collect(Collectors.joining(", "));
        String parents = fk.refColumns().stream().map(col -> "c." + d.quote(col)).collect(Collectors.joining(", "));
        // The subquery's own alias c names the parent's rows there.
        return (fk.columns().size() == 1 ? columns : "(" + columns + ")") + " IN (SELECT " + parents + parentRows + ")";
    }

    /** How reports name the reference: {@code visits.clinic_id -> clinics.id}, a composite one with its columns in parentheses. */
    static String subject(ForeignKey fk) {
        return fk.table() + "." + columns(fk.columns()) + " -> " + fk.refTable() + "." + columns(fk.refColumns());
    }

    private static String columns(java.util.List<String> columns) {
        return columns.size() == 1 ? columns.get(0) : "(" + String.join(", ", columns) + ")";
    }
}
