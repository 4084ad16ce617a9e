/**
 * Environment seeds. API: {@link dev.ferry.seed.Seeds} (from {@code ferry.seeds()}),
 * {@link dev.ferry.seed.SeedOptions}, {@link dev.ferry.seed.SeedResult} and
 * {@link dev.ferry.seed.SeedStatus}.
 */
package dev.ferry.seed;
