package dev.ferry.protection;

import java.util.Map;

/**
 * The JSON Schema a JSON column's documents must satisfy: per value of the {@code discriminator}
 * column when one is given, else (and for values without their own schema) {@code fallback}.
 */
record JsonRule(String column, String discriminator, Map<String, SchemaFile> byValue, SchemaFile fallback) {

    /** The schema for a row whose discriminator holds {@code value}; {@code null} when none applies. */
    public SchemaFile schemaFor(String value) {
        if (discriminator != null && value != null && byValue.containsKey(value)) {
            return byValue.get(value);
        }
        return fallback;
    }
}
