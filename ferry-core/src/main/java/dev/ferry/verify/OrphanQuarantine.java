package dev.ferry.verify;

import dev.ferry.FerryException;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.ForeignKey;
import dev.ferry.db.TableRef;
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
public final class OrphanQuarantine {
    static final String FIXES = "ferry_fixes";

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
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE IF NOT EXISTS " + d.quote(FIXES) + " (fix_run VARCHAR(40) NOT NULL, seq INT NOT NULL, "
                            + "kind VARCHAR(40) NOT NULL, table_name VARCHAR(400) NOT NULL, row_key VARCHAR(1000) NOT NULL, "
                            + "moved_to VARCHAR(400), reason VARCHAR(1000), applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, "
                            + "applied_by VARCHAR(100), undone BOOLEAN NOT NULL DEFAULT false, PRIMARY KEY (fix_run, seq))");
                }
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
                    st.execute(d.createTableLike(d.quote(quarantine), d.quote(l[0])));
                }
                c.setAutoCommit(false);
                try (Statement st = c.createStatement();
                     PreparedStatement log = c.prepareStatement("INSERT INTO " + d.quote(FIXES)
                             + " (fix_run, seq, kind, table_name, row_key, moved_to, reason, applied_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                     PreparedStatement delete = c.prepareStatement("DELETE FROM " + d.quote(l[0]) + " WHERE " + d.quote(pk.get(0)) + " = ?")) {
                    st.executeUpdate("INSERT INTO " + d.quote(quarantine) + " SELECT c.*" + where);
                    for (String key : keys) {
                        log.setString(1, fixRun);
                        log.setInt(2, ++seq);
                        log.setString(3, "quarantine");
                        log.setString(4, l[0]);
                        log.setString(5, key);
                        log.setString(6, quarantine);
                        log.setString(7, reason);
                        log.setString(8, System.getProperty("user.name"));
                        log.addBatch();
                        d.bindText(delete, 1, key);
                        delete.addBatch();
                    }
                    log.executeBatch();
                    delete.executeBatch();
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw FerryException.sql("Quarantining orphans in " + database.displayUrl(), e);
        }
        return new FixResult(fixRun, dryRun, actions);
    }

    /** Puts back every row a fix run moved, in one transaction, and marks the fix undone. */
    public FixResult undo(String fixRun) {
        Dialect d = database.dialect();
        List<FixResult.Action> actions = new ArrayList<>();
        try (Connection c = database.connect("ferry verify undo")) {
            String schema = d.currentSchema(c);
            if (!d.tableExists(c, schema, FIXES)) {
                throw FerryException.invalidInput("There is no fix run '" + fixRun + "': nothing was ever fixed in " + database.displayUrl());
            }
            List<String[]> moves = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT table_name, row_key, moved_to, reason FROM " + d.quote(FIXES)
                    + " WHERE fix_run = ? AND undone = ? ORDER BY seq")) {
                ps.setString(1, fixRun);
                ps.setBoolean(2, false);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        moves.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                    }
                }
            }
            if (moves.isEmpty()) {
                throw FerryException.invalidInput("Fix run '" + fixRun + "' has nothing left to undo (unknown, or undone already)");
            }
            c.setAutoCommit(false);
            try {
                for (String[] m : moves) {
                    String pk = d.primaryKey(c, new TableRef(schema, m[0])).get(0);
                    try (PreparedStatement back = c.prepareStatement("INSERT INTO " + d.quote(m[0]) + " SELECT * FROM " + d.quote(m[2])
                            + " WHERE " + d.quote(pk) + " = ?");
                         PreparedStatement drop = c.prepareStatement("DELETE FROM " + d.quote(m[2]) + " WHERE " + d.quote(pk) + " = ?")) {
                        d.bindText(back, 1, m[1]);
                        back.executeUpdate();
                        d.bindText(drop, 1, m[1]);
                        drop.executeUpdate();
                    }
                    actions.add(new FixResult.Action("restore", m[0], m[3], List.of(m[1]), m[0]));
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + d.quote(FIXES) + " SET undone = ? WHERE fix_run = ?")) {
                    ps.setBoolean(1, true);
                    ps.setString(2, fixRun);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw FerryException.sql("Undoing fix run " + fixRun, e);
        }
        return new FixResult(fixRun, false, actions);
    }
}
