package dev.ferry.backup;

import java.time.Instant;
import java.util.List;

/**
 * What an archive holds, written as its last block: enough to list it, check every table's
 * stream and recreate missing tables on restore.
 *
 * @param source the server's redacted URL
 * @param schemaVersion the version in the schema history when the backup was taken, or {@code null}
 * @param session the session settings the rows were read under (time zone, MariaDB's sql_mode), put
 *     back for a restore; {@code null} in archives that predate it
 * @param objects the schema objects besides the tables (types, sequences, views, routines,
 *     triggers, comments) a restore creates where they are missing; {@code null} in archives that
 *     predate them
 */
public record BackupManifest(
        int format,
        String ferryVersion,
        String environment,
        Instant createdAt,
        String dialect,
        String source,
        String serverVersion,
        String schemaVersion,
        boolean encrypted,
        List<Table> tables,
        java.util.Map<String, String> session,
        dev.ferry.db.ObjectDefinitions objects) {

    public long rows() {
        return tables.stream().mapToLong(Table::rows).sum();
    }

    public Table table(String qualifiedName) {
        return tables.stream().filter(t -> t.qualifiedName().equals(qualifiedName) || t.table().equals(qualifiedName))
                .findFirst().orElse(null);
    }

    /**
     * One table's stream.
     *
     * @param sha256 hex SHA-256 of the table's COPY text, as read from the database
     * @param create statements that create the table; {@code indexes} and {@code foreignKeys} follow after the data
     */
    public record Table(int index, String schema, String table, List<String> columns, long rows, long bytes, int blocks,
                        String sha256, List<String> create, List<String> indexes, List<String> foreignKeys) {
        public String qualifiedName() {
            return schema + "." + table;
        }
    }
}
