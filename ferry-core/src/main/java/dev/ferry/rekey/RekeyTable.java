package dev.ferry.rekey;

/**
 * A table whose integer key becomes a UUID.
 *
 * @param table the table, unqualified (the environment's schema)
 * @param key its integer key column
 * @param entity the namespace its UUIDs are derived in: the transfer entity's name, so that a
 *     re-keyed row and a transferred row get the same UUID
 */
public record RekeyTable(String table, String key, String entity) {
    /** The UUID twin of the key column. */
    public String keyUuid() {
        return RekeyNames.uuidColumn(key);
    }
}
