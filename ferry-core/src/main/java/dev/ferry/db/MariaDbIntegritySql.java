package dev.ferry.db;

import java.sql.Connection;
import java.util.List;

/** MariaDB's integrity checks. */
final class MariaDbIntegritySql implements IntegritySql {
    @Override
    public List<String> notValidConstraints(Connection c, String schema) {
        return null;
    }

    @Override
    public List<String> unindexedForeignKeys(Connection c, String schema) {
        // InnoDB creates an index for every foreign key that lacks one.
        return List.of();
    }
}
