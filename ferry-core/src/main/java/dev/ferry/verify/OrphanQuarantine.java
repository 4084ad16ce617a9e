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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fixes orphans without losing them: each row that points at a missing parent is moved into
 * {@code ferry_quarantine_<table>} (same columns), and every moved key is recorded in
 * {@code ferry_fixes}, so {@link #undo} can put the rows back exactly. A row is named by its whole
 * primary key, of one column or several ({@link RowKeys}). An orphan that is itself a parent
 * takes its children along: rows whose declared foreign key points at it move first, in the same
 * transaction, so no foreign key stops the move, and undoing the fix (newest first) puts the
 * parent back before its children. A table without orphans is never refused, whatever its key.
 */
final class OrphanQuarantine {
    private final Database database;

    public OrphanQuarantine(Database database) {
        this.database = database;
    }

    /** Rows of {@code table} to move: those {@code predicate} (on alias {@code c}) selects, with their keys. */
    private record Move(String table, String predicate, RowKeys keys, List<String> rowKeys, String reason) {
        String quarantine() {
            return "ferry_quarantine_" + table;
        }
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
            List<ForeignKey> declared = d.foreignKeys(c, schema);
            List<ForeignKey> links = new ArrayList<>(declared);
            for (String r : relations) {
                links.add(OrphanSql.listed(r));
            }
            if (!dryRun) {
                FixLog.create(c, d);
            }
            int seq = 0;
            for (ForeignKey l : links) {
                List<Move> moves = new ArrayList<>();
                plan(c, d, schema, declared, l.table(), OrphanSql.orphan(d, l), OrphanSql.subject(l).replace(" -> ", " points at a missing "),
                        moves, new ArrayList<>(), new HashSet<>());
                for (Move m : moves) {
                    actions.add(new FixResult.Action("quarantine orphans", m.table(), m.reason(), m.rowKeys(), m.quarantine()));
                }
                if (dryRun || moves.isEmpty()) {
                    continue;
                }
                try (Statement st = c.createStatement()) {
                    for (Move m : moves) {
                        // Before the transaction: MariaDB commits around DDL.
                        st.execute(d.tableCopies().createTableLike(d.quote(m.quarantine()), d.quote(m.table())));
                    }
                }
                int firstSeq = seq;
                seq = Transactions.call(c, quarantining(), () -> {
                    try (FixLog log = new FixLog(c, d, fixRun, firstSeq)) {
                        for (Move m : moves) {
                            move(c, d, m, log);
                        }
                        log.flush();
                        return log.seq();
                    }
                });
            }
        } catch (SQLException e) {
            throw FerryException.sql(quarantining(), e);
        }
        return new FixResult(fixRun, dryRun, actions);
    }

    /**
     * Adds the moves for the rows of {@code table} that {@code predicate} selects to {@code moves},
     * after the moves of their children along declared foreign keys (children first). {@code path}
     * holds the tables above, so a key cycle is not followed round; {@code planned} the rows already
     * moving, so a row two paths reach moves once.
     */
    private static void plan(Connection c, Dialect d, String schema, List<ForeignKey> declared, String table, String predicate, String reason,
                             List<Move> moves, List<String> path, Set<String> planned) throws SQLException {
        List<String> pk = d.primaryKey(c, new TableRef(schema, table));
        String rows = " FROM " + d.quote(table) + " c WHERE " + predicate;
        if (pk.isEmpty()) {
            long n;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + rows); ResultSet rs = ps.executeQuery()) {
                rs.next();
                n = rs.getLong(1);
            }
            if (n == 0) {
                return;
            }
            throw FerryException.invalidInput("Cannot quarantine the " + n + " row(s) of " + table + " (" + reason + "): it has no primary key "
                    + "to record and undo each move; add one, or fix those rows by hand");
        }
        RowKeys keys = new RowKeys(d, pk);
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + keys.select("c.") + rows); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String key = keys.read(rs);
                if (planned.add(table + "\u0000" + key)) {
                    found.add(key);
                }
            }
        }
        if (found.isEmpty()) {
            return;
        }
        path.add(table);
        for (ForeignKey fk : declared) {
            if (fk.refTable().equalsIgnoreCase(table) && path.stream().noneMatch(t -> t.equalsIgnoreCase(fk.table()))) {
                String children = OrphanSql.pointingAt(d, fk, rows);
                plan(c, d, schema, declared, fk.table(), children, OrphanSql.subject(fk) + ": the " + table + " row moves to quarantine ("
                        + reason + ")", moves, path, planned);
            }
        }
        path.remove(path.size() - 1);
        moves.add(new Move(table, predicate, keys, found, reason));
    }

    /** Copies the move's rows into its (existing) quarantine table, records each key, and deletes them. */
    private static void move(Connection c, Dialect d, Move m, FixLog log) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO " + d.quote(m.quarantine()) + " SELECT c.* FROM " + d.quote(m.table()) + " c WHERE " + m.predicate());
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + d.quote(m.table()) + " WHERE " + m.keys().where())) {
            for (String key : m.rowKeys()) {
                log.add(FixLog.QUARANTINE, m.table(), key, m.quarantine(), null, m.reason());
                m.keys().bind(delete, 1, key);
                delete.addBatch();
            }
            log.flush();
            delete.executeBatch();
        }
    }

    private String quarantining() {
        return "Quarantining orphans in " + database.displayUrl();
    }

    /** Reverses a fix run; see {@link FixUndo}. */
    public FixResult undo(String fixRun) {
        return new FixUndo(database).undo(fixRun);
    }
}
