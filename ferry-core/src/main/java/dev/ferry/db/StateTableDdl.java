package dev.ferry.db;

import java.util.List;

/**
 * The DDL of Ferry's own tables (schema history, transfer state, seed history), written once: the
 * databases differ only in how they spell a few column types and the table options.
 */
record StateTableDdl(String historyTimestamp, String createdNow, String nullableTimestamp, String longText, String serialKey,
                     String tableOptions, String bytewise) {
    /**
     * The ID map's keys compare byte by byte ({@code COLLATE "C"}): a transfer builds the map's primary
     * key over every row it wrote, and sorting by the database's language rules made that build
     * about a fifth slower, for keys no one reads in alphabetical order.
     */
    static final StateTableDdl POSTGRES = new StateTableDdl("TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()",
            "TIMESTAMPTZ NOT NULL DEFAULT now()", "TIMESTAMPTZ", "TEXT", "BIGSERIAL", "", " COLLATE \"C\"");
    static final StateTableDdl MARIADB = new StateTableDdl("TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)",
            "DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)", "DATETIME(3) NULL", "LONGTEXT", "BIGINT AUTO_INCREMENT",
            " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", "");

    /** The schema history table; {@code table} is already quoted. */
    List<String> historyTable(String table) {
        return List.of("CREATE TABLE IF NOT EXISTS " + table + " ("
                + "installed_rank INT NOT NULL PRIMARY KEY, "
                + "version VARCHAR(50), "
                + "description VARCHAR(200) NOT NULL, "
                + "type VARCHAR(20) NOT NULL, "
                + "script VARCHAR(1000) NOT NULL, "
                + "checksum VARCHAR(100), "
                + "installed_by VARCHAR(100) NOT NULL, "
                + "installed_at " + historyTimestamp + ", "
                + "execution_ms INT NOT NULL, "
                + "status VARCHAR(20) NOT NULL, "
                + "down_script " + longText + ", "
                + "down_checksum VARCHAR(100), "
                + "statements_committed INT, "
                + "error_detail " + longText + ")" + tableOptions);
    }

    /** The transfer state tables (runs, checkpoints, ID map, rejects, deferred objects) in a schema prefix such as {@code "s".}. */
    List<String> transferStateTables(String s) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_transfer_runs (run_id VARCHAR(40) PRIMARY KEY, plan_file VARCHAR(1000), "
                        + "plan_checksum VARCHAR(100), status VARCHAR(20) NOT NULL, started_at " + createdNow + ", "
                        + "finished_at " + nullableTimestamp + ", source VARCHAR(1000), started_by VARCHAR(100), error " + longText + ")"
                        + tableOptions,
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_transfer_checkpoints (run_id VARCHAR(40) NOT NULL, entity VARCHAR(200) NOT NULL, "
                        + "slice INT NOT NULL, range_start VARCHAR(255), range_end VARCHAR(255), last_key VARCHAR(255), "
                        + "rows_read BIGINT NOT NULL DEFAULT 0, rows_written BIGINT NOT NULL DEFAULT 0, rows_rejected BIGINT NOT NULL DEFAULT 0, "
                        + "batches INT NOT NULL DEFAULT 0, status VARCHAR(20) NOT NULL, updated_at " + createdNow + ", "
                        + "PRIMARY KEY (run_id, entity, slice))" + tableOptions,
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_id_map (entity VARCHAR(200)" + bytewise + " NOT NULL, legacy_key VARCHAR(255)" + bytewise
                        + " NOT NULL, new_key VARCHAR(64)" + bytewise + " NOT NULL, run_id VARCHAR(40) NOT NULL, PRIMARY KEY (entity, legacy_key))"
                        + tableOptions,
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_rejects (id " + serialKey + " PRIMARY KEY, run_id VARCHAR(40) NOT NULL, "
                        + "entity VARCHAR(200) NOT NULL, legacy_key VARCHAR(255), row_data " + longText + ", error " + longText + ", "
                        + "rejected_at " + createdNow + ")" + tableOptions,
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_transfer_deferred (run_id VARCHAR(40) NOT NULL, entity VARCHAR(200) NOT NULL, "
                        + "kind VARCHAR(20) NOT NULL, name VARCHAR(200) NOT NULL, table_name VARCHAR(400) NOT NULL, definition "
                        + longText + " NOT NULL, restored BOOLEAN NOT NULL DEFAULT false, PRIMARY KEY (run_id, table_name, kind, name))"
                        + tableOptions,
                // Added after the first release: state tables made before it gain the column on the next run.
                "ALTER TABLE " + s + "ferry_transfer_runs ADD COLUMN IF NOT EXISTS backup_archive VARCHAR(2000)",
                "ALTER TABLE " + s + "ferry_rejects ADD COLUMN IF NOT EXISTS failing_column VARCHAR(200)",
                "ALTER TABLE " + s + "ferry_rejects ADD COLUMN IF NOT EXISTS source_data " + longText,
                // Batches numbered in the order the run recorded them, so a rollback can go back to one of them.
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_transfer_batches (seq " + serialKey + " PRIMARY KEY, run_id VARCHAR(40) NOT NULL, "
                        + "entity VARCHAR(200) NOT NULL, slice INT NOT NULL, last_key VARCHAR(255), rows_read BIGINT NOT NULL, "
                        + "rows_written BIGINT NOT NULL, rows_rejected BIGINT NOT NULL, committed_at " + createdNow + ")" + tableOptions,
                "ALTER TABLE " + s + "ferry_id_map ADD COLUMN IF NOT EXISTS batch_seq BIGINT",
                "ALTER TABLE " + s + "ferry_rejects ADD COLUMN IF NOT EXISTS batch_seq BIGINT");
    }

    /** The seed history table; {@code table} is already quoted. */
    String seedHistoryTable(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (environment VARCHAR(100) NOT NULL, file_name VARCHAR(500) NOT NULL, "
                + "checksum VARCHAR(100) NOT NULL, rows_applied BIGINT NOT NULL, applied_at " + createdNow + ", "
                + "applied_by VARCHAR(100), run_id VARCHAR(40) NOT NULL, PRIMARY KEY (environment, file_name, run_id))" + tableOptions;
    }
}
