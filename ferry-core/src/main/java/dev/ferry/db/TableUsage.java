package dev.ferry.db;

/**
 * How much a table is used since the statistics were last reset, from the server's statistics
 * views: how often it was scanned and written. Tells whether a table is busy before changing it live.
 */
public record TableUsage(long sequentialScans, long indexScans, long inserts, long updates, long deletes, String statementsNote) {
}
