package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** PostgreSQL's integrity checks. */
final class PostgresIntegritySql implements IntegritySql {
    @Override
    public List<String> notValidConstraints(Connection c, String schema) throws SQLException {
        return Catalogs.strings(c, "SELECT cl.relname || '.' || con.conname FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid "
                + "JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE n.nspname = ? AND NOT con.convalidated ORDER BY 1", schema);
    }

    @Override
    public List<String> unindexedForeignKeys(Connection c, String schema) throws SQLException {
        return Catalogs.strings(c, "SELECT cl.relname || '.' || att.attname FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid "
                + "JOIN pg_namespace n ON n.oid = cl.relnamespace JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1] "
                + "WHERE n.nspname = ? AND con.contype = 'f' AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = con.conrelid "
                + "AND i.indkey[0] = con.conkey[1]) ORDER BY 1", schema);
    }

    @Override
    public void runQueriesSerially(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET max_parallel_workers_per_gather = 0");
        }
    }
}
