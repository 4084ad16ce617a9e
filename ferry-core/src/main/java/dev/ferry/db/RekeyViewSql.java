package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The SQL of carrying the user's views through a re-key: which views use the integer key and
 * foreign-key columns (directly or through another view), and their twins in the new shape. A twin
 * is the view's own query, as the server prints it, created where the re-keyed tables' names
 * resolve to their new-shape views (the UUIDs under the old column names): no query text is edited,
 * and the server itself says whether the query still holds with UUIDs.
 */
public interface RekeyViewSql {
    /**
     * A view using re-keyed columns; {@code depth} 1 uses them directly, deeper ones through other
     * such views. {@code definition} is its query with the tables of the current schema unqualified.
     */
    record DependentView(String name, TableRef ref, boolean materialized, int depth, String definition) {
        public String kind() {
            return materialized ? "materialized view" : "view";
        }
    }

    /** A twin that was created ({@code definition}, every name qualified), or why it could not be. */
    record Attempt(String definition, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * Every view depending on one of {@code columns} (per table), or on such a view, outside
     * {@code excludedSchemas}; views used by others come first.
     */
    List<DependentView> dependentViews(Connection c, Map<TableRef, List<String>> columns, List<String> excludedSchemas) throws SQLException;

    /** The schema of session-private objects, where a trial of the twins leaves nothing behind. */
    String trialSchema();

    /** A session-private stand-in named as {@code table}, selecting {@code columns} ({@code expression AS name}, quoted) from it. */
    String standIn(TableRef table, List<String> columns);

    /** A NULL of the UUID type, for stand-ins before the UUID columns exist. */
    String nullUuid();

    /**
     * Inside the open transaction, creates {@code view}'s twin in {@code target} with names resolving
     * there first, then in {@code base}. Kept when it no longer uses any of {@code columns} nor any of
     * the {@code avoided} views (those left without a twin); otherwise (or when the server refuses the
     * query) undone, with the reason.
     */
    Attempt tryTwin(Connection c, DependentView view, String target, String base, Map<TableRef, List<String>> columns, List<TableRef> avoided)
            throws SQLException;

    /**
     * Creates a view from a definition whose names are all qualified; a materialized one is filled now
     * when {@code filled}, else left empty for {@link #refresh} (so a short transaction stays short).
     */
    String createView(TableRef view, boolean materialized, String definition, boolean filled);

    /** Fills a materialized view again. */
    String refresh(TableRef view);

    String dropView(TableRef view, boolean materialized);

    /**
     * The statements giving the view, once dropped and created again under its name, what it has
     * beside its query: grants, comment and (materialized) indexes.
     */
    List<String> carriedOver(Connection c, DependentView view) throws SQLException;
}
