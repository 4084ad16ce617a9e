package dev.ferry.migration;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.sql.Connection;
import java.util.Map;

/**
 * A migration written in Java, for changes SQL expresses badly: re-encoding data, calling a
 * library, fixing rows in batches. The class is named like a script, {@code V12__Backfill_slugs}
 * (version 12, description "Backfill slugs"), and runs in version order with the SQL migrations.
 *
 * <p>Ferry finds such classes in {@code classpath:} locations of ferry.yaml (a package, e.g.
 * {@code classpath:db/migration}), or is given instances through {@link JavaMigrations#of}.
 * An implementation needs a public no-argument constructor to be found by name.
 *
 * <pre>{@code
 * public class V12__Backfill_slugs implements JavaMigration {
 *     public void migrate(Context context) throws Exception {
 *         try (Statement st = context.connection().createStatement()) {
 *             st.executeUpdate("UPDATE offices SET slug = lower(name) WHERE slug IS NULL");
 *         }
 *     }
 * }
 * }</pre>
 */
public interface JavaMigration {

    /**
     * Applies the change through {@link Context#connection()}. Ferry commits the transaction (with
     * the history row) when this returns, and rolls it back when it throws. Do not commit yourself.
     */
    void migrate(Context context) throws Exception;

    /**
     * Undoes {@link #migrate}, for {@code ferry rollback}. Ferry asks before running anything
     * whether a class overrides this method; one that does not cannot be rolled back.
     */
    default void rollback(Context context) throws Exception {
        throw new FerryException(ErrorCode.INVALID_INPUT, getClass().getName()
                + " cannot be rolled back: it does not implement rollback(Context)");
    }

    /**
     * What history records to notice a change, like a script's checksum: change the value when
     * the class does something different, and status shows the version as drifted. {@code null}
     * (the default) records a checksum of the class's simple name, which never drifts.
     */
    default String checksum() {
        return null;
    }

    /** What a Java migration may use while it runs. */
    interface Context {

        /**
         * The connection inside the migration's transaction, with the managed schemas selected.
         * Do not close it, commit it or change its auto-commit mode.
         */
        Connection connection();

        /** The configured placeholders and Ferry's built-ins ({@code ferry:user}, {@code ferry:env}, {@code ferry:schema}, ...). */
        Map<String, String> placeholders();

        /** Writes a line to Ferry's output and to the run's log. */
        void log(String message);
    }
}
