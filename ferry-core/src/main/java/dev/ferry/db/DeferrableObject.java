package dev.ferry.db;

/**
 * A secondary index or foreign key that can be dropped for a bulk load and re-created after it,
 * with the exact SQL for both.
 *
 * @param kind {@code index} or {@code foreign_key}
 */
public record DeferrableObject(String kind, String name, String dropSql, String createSql) {
    public static final String INDEX = "index";
    public static final String FOREIGN_KEY = "foreign_key";

    public boolean isIndex() {
        return INDEX.equals(kind);
    }
}
