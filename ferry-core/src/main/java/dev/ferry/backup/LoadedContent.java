package dev.ferry.backup;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.CopyTextHash;
import dev.ferry.db.Dialect;
import dev.ferry.db.RowsDigest;
import dev.ferry.db.RowsHashForm;
import dev.ferry.db.TableRef;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The rows a restore fed into one table, hashed as they went, and the check before the commit that
 * the table holds exactly those rows: counts alone would not see a value that a trigger, a default
 * or a narrowed column changed on the way in. Where the database can hash its rows as Ferry hashes
 * the archive's lines (PostgreSQL), it does so in one scan and nothing is read back; elsewhere the
 * table is read back in the archive's row format and compared in Ferry.
 */
final class LoadedContent {
    private final CopyTextHash hash;
    private final RowsDigest digest;

    private final RowsHashForm form;

    private LoadedContent(RowsHashForm form, long seed) {
        this.form = form;
        this.hash = form != null ? new CopyTextHash(seed, form.lengthPrefixed()) : null;
        this.digest = form != null ? null : new RowsDigest();
    }

    /**
     * For the rows about to be loaded into {@code table}, which exists by now: the server's form of
     * its rows decides how the archive's lines are hashed.
     *
     * @param serverHashes whether {@code ArchiveSql.hashesRows} holds for the restore's connection
     */
    static LoadedContent of(Connection c, Dialect dialect, TableRef table, List<String> columns, boolean serverHashes, long seed)
            throws SQLException {
        return new LoadedContent(serverHashes ? dialect.archive().rowsHashForm(c, table, columns) : null, seed);
    }

    /** {@code in}, hashed as it is read. */
    InputStream watch(InputStream in) {
        return hash != null ? hash.tee(in) : digest.tee(in);
    }

    /** The archive's lines read so far. */
    long lines() {
        return hash != null ? hash.rows() : digest.rows();
    }

    /** Throws {@link ErrorCode#VALIDATION_FAILED} unless the table holds exactly the rows fed to it. */
    void requireIn(Connection c, Dialect dialect, TableRef table, BackupManifest.Table source) throws SQLException, IOException {
        long rows;
        boolean same;
        if (hash != null) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(form.query().apply(hash.seed()))) {
                rs.next();
                rows = rs.getLong(1);
                BigDecimal sum = rs.getBigDecimal(2);
                same = (sum == null ? 0 : sum.toBigInteger().longValue()) == hash.sum(); // the server's exact sum, wrapped as Ferry's
            }
        } else {
            RowsDigest restored = new RowsDigest();
            // Read as the backup read it: a parent's own rows, without its inheritance children's.
            dialect.archive().copyOut(c, table, source.columns(), restored);
            rows = restored.rows();
            same = restored.sameRows(digest);
        }
        if (rows != source.rows()) {
            throw new FerryException(ErrorCode.VALIDATION_FAILED, "After loading, " + table + " holds " + rows
                    + " rows but the archive has " + source.rows() + "; the restore was rolled back");
        }
        if (!same || rows != lines()) {
            throw new FerryException(ErrorCode.VALIDATION_FAILED, "After loading, the rows of " + table
                    + " differ from the archive's (a trigger, default or type conversion changed values on the way in); "
                    + "the restore was rolled back. Check the table's triggers and column types against the archive's");
        }
    }
}
