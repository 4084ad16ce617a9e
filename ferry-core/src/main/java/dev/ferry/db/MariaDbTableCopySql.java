package dev.ferry.db;


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
}
