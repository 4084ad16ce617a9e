package dev.ferry.db;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** MariaDB's in-database table copies. */
final class MariaDbTableCopySql implements TableCopySql {
    private final MariaDbDialect d;

    MariaDbTableCopySql(MariaDbDialect d) {
        this.d = d;
    }

    @Override
    public String createTableLike(String table, String like) {
        return "CREATE TABLE IF NOT EXISTS " + table + " LIKE " + like;
    }

    @Override
    public String snapshotStateTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + d.quote(schema) + ".ferry_snapshots (snapshot_id VARCHAR(60) NOT NULL, "
                + "source_schema VARCHAR(64) NOT NULL, source_table VARCHAR(64) NOT NULL, copy_table VARCHAR(64) NOT NULL, "
                + "row_count BIGINT NULL, created_at DATETIME(3) NOT NULL, created_by VARCHAR(100), reason VARCHAR(400), "
                + "PRIMARY KEY (snapshot_id, source_schema, source_table)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    }

    @Override
    public String insertSelect(String table, String columns, String select) {
        return "INSERT INTO " + table + " (" + columns + ") " + select;
    }

    @Override
    public void keepExplicitKeys(Connection c) throws SQLException {
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'NO_AUTO_VALUE_ON_ZERO')");
        }
    }

    @Override
    public boolean canPauseUserTriggers() {
        return false;
    }

    /**
     * MariaDB cannot switch a trigger off: no session setting skips them, and dropping one to
     * create it again afterwards commits at once, so a failure or a crash in between would lose the
     * trigger or let the application's own writes skip it. A table with triggers of its own is
     * therefore refused before anything is written, rather than restored with rows its triggers rewrote.
     */
    @Override
    public List<String> pauseUserTriggers(Connection c, TableRef table) throws SQLException {
        List<String> own = new ArrayList<>(Catalogs.strings(c, "SELECT trigger_name FROM information_schema.triggers "
                + "WHERE event_object_schema = ? AND event_object_table = ? ORDER BY action_order, trigger_name",
                table.schema(), table.table()));
        own.removeAll(d.protection().auditTriggerNames(table));
        if (!own.isEmpty()) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to write into " + table + ": it has trigger(s) "
                    + String.join(", ", own) + " of its own, which would fire on every restored row and could change it, and MariaDB "
                    + "cannot switch triggers off inside a transaction. Nothing was changed. Save them (SHOW CREATE TRIGGER), drop "
                    + "them, run the command again, then create them again");
        }
        return List.of();
    }
}
