package dev.ferry.db;

/**
 * A secondary index, foreign key or primary key that can be dropped for a bulk load and re-created
 * after it, with the exact SQL for both.
 *
 * @param kind {@code index}, {@code foreign_key} or {@code primary_key}
 */
public record DeferrableObject(String kind, String name, String dropSql, String createSql) {
    public static final String INDEX = "index";
    public static final String FOREIGN_KEY = "foreign_key";
    public static final String PRIMARY_KEY = "primary_key";

    public boolean isIndex() {
        return INDEX.equals(kind);
    }

    public boolean isPrimaryKey() {
        return PRIMARY_KEY.equals(kind);
    }
}
