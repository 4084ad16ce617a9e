package dev.ferry.verify;

import dev.ferry.db.Catalogs;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a table's rows spread over its tenants: rows per tenant, tenants that own none, and tenants
 * holding far more than the typical one. A skewed spread is not wrong in itself (one large
 * customer), so these are warnings; a tenant left empty by a migration is usually a lost
 * reference or a filter that went too far, and is worth a look before the target goes live.
 */
final class TenantDistribution {
    /** A tenant holding more than this many times the median rows per tenant is an outlier. */
    static final int OUTLIER_FACTOR = 10;
    private static final int SAMPLE = 5;

    private final Connection c;
    private final Dialect d;

    TenantDistribution(Connection c, Dialect d) {
        this.c = c;
        this.d = d;
    }

    /**
     * @param table the tenant-owned table, whose {@code column} names its tenant
     * @param tenants the table of tenants, keyed by {@code key}
     */
    List<Finding> check(TableRef table, String column, TableRef tenants, String key) throws SQLException {
        String subject = table.table() + "." + column + " -> " + tenants.table() + "." + key;
        String col = d.quote(column);
        // Grouped in the database: one count per tenant comes back, never the rows.
        List<long[]> counts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        long unowned = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + d.textCast(col) + ", COUNT(*) FROM " + table.quoted(d) + " GROUP BY " + col);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (rs.getString(1) == null) {
                    unowned = rs.getLong(2);
                } else {
                    names.add(rs.getString(1));
                    counts.add(new long[] {rs.getLong(2)});
                }
            }
        }
        long[] sorted = counts.stream().mapToLong(x -> x[0]).sorted().toArray();
        long rows = Arrays.stream(sorted).sum();
        long median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        List<Finding> out = new ArrayList<>();
        String spread = sorted.length == 0 ? "no rows with a tenant"
                : rows + " row(s) over " + sorted.length + " tenant(s): fewest " + sorted[0] + ", median " + median + ", most "
                + sorted[sorted.length - 1] + " per tenant";
        out.add(unowned == 0 ? Finding.passed("tenant distribution", subject, Severity.WARNING, spread)
                : Finding.failed("tenant distribution", subject, Severity.WARNING, unowned, List.of(), spread + "; " + unowned
                + " row(s) have no tenant (" + column + " is NULL)"));
        out.add(withoutRows(subject, table, column, tenants, key));
        List<String> outliers = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            long n = counts.get(i)[0];
            if (median > 0 && n > OUTLIER_FACTOR * median) {
                outliers.add(names.get(i) + ": " + n + " rows");
            }
        }
        out.add(outliers.isEmpty() ? Finding.passed("tenant outliers", subject, Severity.WARNING, "no tenant holds more than "
                + OUTLIER_FACTOR + " times the median of " + median + " row(s)")
                : Finding.failed("tenant outliers", subject, Severity.WARNING, outliers.size(), outliers.stream().limit(SAMPLE).toList(),
                outliers.size() + " tenant(s) hold more than " + OUTLIER_FACTOR + " times the median of " + median + " row(s) per tenant"));
        return out;
    }

    private Finding withoutRows(String subject, TableRef table, String column, TableRef tenants, String key) throws SQLException {
        String tenantKey = "t." + d.quote(key);
        String from = " FROM " + tenants.quoted(d) + " t WHERE NOT EXISTS (SELECT 1 FROM " + table.quoted(d) + " r WHERE r."
                + d.quote(column) + " = " + tenantKey + ")";
        long n = Catalogs.count(c, "SELECT COUNT(*)" + from);
        if (n == 0) {
            return Finding.passed("tenants without rows", subject, Severity.WARNING, "every tenant in " + tenants.table() + " owns rows");
        }
        List<String> sample = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + d.textCast(tenantKey) + from)) {
            ps.setMaxRows(SAMPLE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sample.add(rs.getString(1));
                }
            }
        }
        return Finding.failed("tenants without rows", subject, Severity.WARNING, n, sample, n + " tenant(s) in " + tenants.table()
                + " own no row of " + table.table());
    }
}
