package dev.ferry.db;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * MariaDB does not carry the user's views to the UUIDs. It records no column dependencies of a
 * view (only its text, with every name qualified) and commits each CREATE VIEW by itself, so a twin
 * could be neither found with certainty nor tried and rolled back. Views naming a key or
 * foreign-key column are listed by {@code rekey analyze} as contract blockers instead (from the
 * view text, see {@link MariaDbRekeySql#dependents}), with what to change.
 */
final class MariaDbRekeyViewSql implements RekeyViewSql {
    private static final String NOT_ON_MARIADB = "MariaDB views are not carried over to the UUIDs";

    private final Dialect dialect;

    MariaDbRekeyViewSql(Dialect dialect) {
        this.dialect = dialect;
    }

    /** None: on MariaDB the views over the integer columns are blockers, listed by the dependents query. */
    @Override
    public List<DependentView> dependentViews(Connection c, Map<TableRef, List<String>> columns, List<String> excludedSchemas) {
        return List.of();
    }

    @Override
    public String trialSchema() {
        throw new UnsupportedOperationException(NOT_ON_MARIADB);
    }

    @Override
    public String standIn(TableRef table, List<String> columns) {
        throw new UnsupportedOperationException(NOT_ON_MARIADB);
    }

    @Override
    public String nullUuid() {
        return "CAST(NULL AS UUID)";
    }

    @Override
    public Attempt tryTwin(Connection c, DependentView view, String target, String base, Map<TableRef, List<String>> columns,
                           List<TableRef> avoided) {
        return new Attempt(null, NOT_ON_MARIADB + "; change the view to select the UUID columns, or drop it before contract");
    }

    @Override
    public String createView(TableRef view, boolean materialized, String definition, boolean filled) {
        if (materialized) {
            throw new UnsupportedOperationException("MariaDB has no materialized views");
        }
        return "CREATE VIEW " + view.quoted(dialect) + " AS " + definition;
    }

    @Override
    public String refresh(TableRef view) {
        throw new UnsupportedOperationException("MariaDB has no materialized views");
    }

    @Override
    public String dropView(TableRef view, boolean materialized) {
        return "DROP VIEW IF EXISTS " + view.quoted(dialect);
    }

    @Override
    public List<String> carriedOver(Connection c, DependentView view) {
        return List.of();
    }
}
