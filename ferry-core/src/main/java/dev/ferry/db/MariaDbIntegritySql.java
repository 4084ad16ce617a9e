package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** MariaDB's integrity checks. */
final class MariaDbIntegritySql implements IntegritySql {
    @Override
    public List<String> notValidConstraints(Connection c, String schema) {
        return null;
    }

    @Override
    public RowSecurity rowSecurity(Connection c, TableRef table) {
        return null;
    }

    @Override
    public List<String> admitOrphans(Connection c, TableRef table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET foreign_key_checks = 0");
        }
        return List.of("SET foreign_key_checks = 1");
    }

    @Override
    public List<String> unindexedForeignKeys(Connection c, String schema) {
        // InnoDB creates an index for every foreign key that lacks one.
        return List.of();
    }
}
