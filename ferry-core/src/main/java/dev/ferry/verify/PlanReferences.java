package dev.ferry.verify;

import dev.ferry.db.Catalogs;
import dev.ferry.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan's references, checked in the target itself: a target may lack the foreign key (never
 * declared, or dropped by a load and not rebuilt), and then nothing but this check notices a
 * child row whose parent is not there.
 */
final class PlanReferences {
    private PlanReferences() {
    }

    /**
     * One finding per reference of the entity: its target rows whose parent row the target lacks.
     * A reference compared as its columns are shares its count through {@code counts} with the
     * integrity check of the same foreign key.
     */
    static List<Finding> orphans(Connection c, Dialect d, ExpectedRows.Entity e, OrphanCounts counts) throws SQLException {
        List<Finding> out = new ArrayList<>();
        for (ExpectedRows.ParentLink p : e.parents()) {
            String subject = e.name() + "." + p.column() + " -> " + p.parentEntity();
            String from = " FROM " + e.target().quoted(d) + " ch WHERE ch." + d.quote(p.column()) + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                    + p.parentTable().quoted(d) + " pa WHERE " + equal(d, p, "pa." + d.quote(p.parentKey()), "ch." + d.quote(p.column())) + ")";
            long n = p.sameType() ? counts.count(OrphanCounts.key(e.target(), p.column(), p.parentTable(), p.parentKey()),
                    () -> Catalogs.count(c, "SELECT COUNT(*)" + from)) : Catalogs.count(c, "SELECT COUNT(*)" + from);
            if (n == 0) {
                out.add(Finding.passed("reference", subject, Severity.ERROR, "every " + p.column() + " names a row of " + p.parentTable()));
                continue;
            }
            List<String> sample = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + (e.keyColumn() == null ? "" : d.textCast("ch." + d.quote(e.keyColumn())) + ", ")
                    + d.textCast("ch." + d.quote(p.column())) + from)) {
                ps.setMaxRows(5);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sample.add(e.keyColumn() == null ? p.column() + " " + rs.getString(1)
                                : "row " + rs.getString(1) + ": " + p.column() + " " + rs.getString(2) + " is not in " + p.parentTable());
                    }
                }
            }
            out.add(Finding.failed("reference", subject, Severity.ERROR, n, sample, n + " row(s) of " + e.target() + " point at a "
                    + p.parentEntity() + " row the target lacks (orphans): bring the parents in (fix their source rows, then 'ferry verify --fix'), or quarantine the orphans with 'ferry verify integrity --fix'"));
        }
        return out;
    }

    private static String equal(Dialect d, ExpectedRows.ParentLink p, String parent, String child) {
        return p.sameType() ? parent + " = " + child : "LOWER(" + d.textCast(parent) + ") = LOWER(" + d.textCast(child) + ")";
    }

    /** Whether the target holds the parent row that {@code value} names. */
    static boolean present(Connection c, Dialect d, ExpectedRows.ParentLink p, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + p.parentTable().quoted(d) + " WHERE " + d.quote(p.parentKey()) + " = ?")) {
            d.bindText(ps, 1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static int indexOf(ExpectedRows.Entity e, String column) {
        for (int i = 0; i < e.columns().size(); i++) {
            if (e.columns().get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalStateException(column + " is not a column of " + e.target());
    }
}
