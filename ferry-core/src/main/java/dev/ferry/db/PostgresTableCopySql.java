package dev.ferry.db;


/** PostgreSQL's in-database table copies. */
final class PostgresTableCopySql implements TableCopySql {
    private final PostgresDialect d;

    PostgresTableCopySql(PostgresDialect d) {
        this.d = d;
    }

    @Override
    public String createTableLike(String table, String like) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (LIKE " + like + ")";
    }

    @Override
    public String snapshotStateTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + d.quote(schema) + ".ferry_snapshots (snapshot_id VARCHAR(60) NOT NULL, "
                + "source_schema VARCHAR(128) NOT NULL, source_table VARCHAR(128) NOT NULL, copy_table VARCHAR(128) NOT NULL, "
                + "row_count BIGINT, created_at TIMESTAMPTZ NOT NULL, created_by VARCHAR(100), reason VARCHAR(400), "
                + "PRIMARY KEY (snapshot_id, source_schema, source_table))";
    }

    @Override
    public String insertSelect(String table, String columns, String select) {
        // OVERRIDING SYSTEM VALUE lets identity columns take the copied keys; it is a no-op elsewhere.
        return "INSERT INTO " + table + " (" + columns + ") OVERRIDING SYSTEM VALUE " + select;
    }
}
