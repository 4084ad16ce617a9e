package dev.ferry.verify;

import dev.ferry.FerryException;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.ForeignKey;
import dev.ferry.db.TableRef;
import dev.ferry.db.Transactions;
import dev.ferry.run.RunJournal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixes orphans without losing them: each row that points at a missing parent is moved into
 * {@code ferry_quarantine_<table>} (same columns), and every moved key is recorded in
 * {@code ferry_fixes}, so {@link #undo} can put the rows back exactly.
 */
final class OrphanQuarantine {
    private final Database database;

    public OrphanQuarantine(Database database) {
        this.database = database;
    }

    /**
     * @param relations undeclared references to treat like foreign keys ({@code table.column=parent.column})
     * @param dryRun list what would move, change nothing
     */
    public FixResult quarantine(List<String> relations, boolean dryRun) {
        Dialect d = database.dialect();
        String fixRun = dryRun ? null : RunJournal.newRunId();
        List<FixResult.Action> actions = new ArrayList<>();
        try (Connection c = database.connect("ferry verify --fix")) {
            String schema = d.currentSchema(c);
            List<String[]> links = new ArrayList<>();
            for (ForeignKey fk : d.foreignKeys(c, schema)) {
                links.add(new String[] {fk.table(), fk.column(), fk.refTable(), fk.refColumn()});
            }
            for (String r : relations) {
                links.add(IntegrityChecker.parseRelation(r));
            }
            if (!dryRun) {
                FixLog.create(c, d);
            }
            int seq = 0;
            for (String[] l : links) {
                TableRef table = new TableRef(schema, l[0]);
                String where = " FROM " + d.quote(l[0]) + " c LEFT JOIN " + d.quote(l[2]) + " p ON p." + d.quote(l[3]) + " = c." + d.quote(l[1])
                        + " WHERE c." + d.quote(l[1]) + " IS NOT NULL AND p." + d.quote(l[3]) + " IS NULL";
                List<String> pk = d.primaryKey(c, table);
                List<String> keys = new ArrayList<>();
                if (pk.size() != 1) {
                    throw FerryException.invalidInput("Cannot quarantine orphans of " + l[0] + ": it needs a single-column primary key to record "
                            + "and undo each move (it has " + (pk.isEmpty() ? "none" : String.join(", ", pk)) + ")");
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT " + d.textCast("c." + d.quote(pk.get(0))) + where);
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
                if (keys.isEmpty()) {
                    continue;
                }
                String quarantine = "ferry_quarantine_" + l[0];
                String reason = l[0] + "." + l[1] + " points at a missing " + l[2] + "." + l[3];
                actions.add(new FixResult.Action("quarantine orphans", l[0], reason, keys, quarantine));
                if (dryRun) {
                    continue;
                }
                try (Statement st = c.createStatement()) {
                    st.execute(d.tableCopies().createTableLike(d.quote(quarantine), d.quote(l[0])));
                }
                int firstSeq = seq;
                seq = Transactions.call(c, quarantining(), () -> {
                    try (Statement st = c.createStatement(); FixLog log = new FixLog(c, d, fixRun, firstSeq);
                         PreparedStatement delete = c.prepareStatement("DELETE FROM " + d.quote(l[0]) + " WHERE " + d.quote(pk.get(0)) + " = ?")) {
                        st.executeUpdate("INSERT INTO " + d.quote(quarantine) + " SELECT c.*" + where);
                        for (String key : keys) {
                            log.add(FixLog.QUARANTINE, l[0], key, quarantine, null, reason);
                            d.bindText(delete, 1, key);
                            delete.addBatch();
                        }
                        log.flush();
                        delete.executeBatch();
                        return log.seq();
                    }
                });
            }
        } catch (SQLException e) {
            throw FerryException.sql(quarantining(), e);
        }
        return new FixResult(fixRun, dryRun, actions);
    }

    private String quarantining() {
        return "Quarantining orphans in " + database.displayUrl();
    }

    /** Reverses a fix run; see {@link FixUndo}. */
    public FixResult undo(String fixRun) {
        return new FixUndo(database).undo(fixRun);
    }
}
