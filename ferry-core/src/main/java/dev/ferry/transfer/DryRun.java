package dev.ferry.transfer;

import dev.ferry.transfer.plan.EntityJob;
import dev.ferry.transfer.plan.RowMapper;
import dev.ferry.db.BulkWriter;
import dev.ferry.db.Database;
import dev.ferry.db.TransferSql;
import dev.ferry.transfer.plan.EntityMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends the first rows of every entity through the real mapping into the target, one row per
 * savepoint, inside a transaction that is always rolled back. What the target refuses (a value
 * too long, a number out of range, a NOT NULL) is reported row by row; nothing stays behind.
 * A sample child may point at a parent outside the sample, so foreign-key errors are not findings.
 */
final class DryRun {
    private DryRun() {
    }

    static List<DryRunFinding> run(Database source, Database target, List<EntityJob> jobs, int sampleRows) throws SQLException {
        List<DryRunFinding> findings = new ArrayList<>();
        try (Connection src = source.connect("ferry transfer --dry-run (read)"); Connection tgt = target.connect("ferry transfer --dry-run")) {
            tgt.setAutoCommit(false); // hand-written: a dry run always rolls back, never commits
            try {
                for (EntityJob job : jobs) {
                    // A target that already holds rows is one finding, not a duplicate-key error per sampled row.
                    long present = job.plan().mode() == EntityMode.INSERT ? rows(tgt, job, target.dialect()) : 0;
                    if (present > 0) {
                        findings.add(new DryRunFinding(job.name(), null, "target table " + job.target() + " already holds " + present
                                + " rows; a real run refuses to start unless --fresh"));
                    }
                    BulkWriter writer = job.plan().mode() == EntityMode.UPDATE
                            ? new UpdateWriter(tgt, target.dialect(), job.target(), job.mapper().targetColumns())
                            : target.dialect().bulkWriter(tgt, job.target(), job.targetColumns());
                    for (String[] src1 : sample(src, job, sampleRows)) {
                        String key = job.mapper().legacyKey(src1);
                        String[] row;
                        try {
                            row = job.mapFirstPass(src1);
                        } catch (RowMapper.RowRejected r) {
                            findings.add(new DryRunFinding(job.name(), key, r.getMessage()));
                            continue;
                        }
                        Savepoint sp = tgt.setSavepoint();
                        try {
                            writer.write(List.<String[]>of(row));
                            tgt.releaseSavepoint(sp);
                        } catch (SQLException e) {
                            tgt.rollback(sp);
                            TransferSql.Violation violation = target.dialect().transfer().violation(e);
                            boolean expected = violation == TransferSql.Violation.FOREIGN_KEY
                                    || (present > 0 && violation == TransferSql.Violation.UNIQUE);
                            if (!expected) {
                                findings.add(new DryRunFinding(job.name(), key, e.getMessage().strip().split("\n")[0]
                                        + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]")));
                            }
                        }
                    }
                }
            } finally {
                tgt.rollback();
            }
        }
        return findings;
    }

    private static long rows(Connection tgt, EntityJob job, dev.ferry.db.Dialect dialect) throws SQLException {
        try (PreparedStatement ps = tgt.prepareStatement("SELECT COUNT(*) FROM " + job.target().quoted(dialect));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String[]> sample(Connection src, EntityJob job, int n) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        int cols = job.query().selected().size();
        try (PreparedStatement ps = src.prepareStatement(job.query().batch(false, false))) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] r = new String[cols];
                    for (int i = 0; i < cols; i++) {
                        r[i] = rs.getString(i + 1);
                    }
                    rows.add(r);
                }
            }
        }
        return rows;
    }
}
