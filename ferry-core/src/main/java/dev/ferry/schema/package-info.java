/**
 * Schema comparison. API: {@link dev.ferry.schema.Schemas} (from {@code ferry.schema()}),
 * {@link dev.ferry.schema.SchemaSnapshot}, {@link dev.ferry.schema.SchemaChange},
 * {@link dev.ferry.schema.SchemaDiff}, {@link dev.ferry.schema.DriftResult},
 * {@link dev.ferry.schema.MarkdownDiff}, {@link dev.ferry.schema.SchemaRename} and
 * {@link dev.ferry.schema.GeneratedMigration}. The replay into a scratch database and the
 * migration generator are engine.
 */
package dev.ferry.schema;
