/**
 * Schema comparison. API: {@link dev.ferry.schema.Schemas} (from {@code ferry.schema()}),
 * {@link dev.ferry.schema.SchemaSnapshot}, {@link dev.ferry.schema.SchemaChange},
 * {@link dev.ferry.schema.SchemaDiff} and {@link dev.ferry.schema.DriftResult}. The replay into a
 * scratch database is engine.
 */
package dev.ferry.schema;
