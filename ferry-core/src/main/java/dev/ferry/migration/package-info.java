/**
 * Schema migrations. API: {@link dev.ferry.migration.SchemaMigrations} (from
 * {@code ferry.migrations()}), its options ({@code MigrateOptions}, {@code RollbackOptions}),
 * results ({@code MigrateResult}, {@code StatusResult}, {@code ValidateResult}, ...),
 * {@link dev.ferry.migration.MigrationListener}, and for Java-based migrations
 * {@link dev.ferry.migration.JavaMigration} and {@link dev.ferry.migration.JavaMigrations}. The scanner, layouts, history table and lock are
 * engine, public only where deploy, backup and doctor read the history.
 */
package dev.ferry.migration;
