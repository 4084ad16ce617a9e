package dev.ferry.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code protected_data:} section of ferry.yaml exactly as written: the tables whose rows
 * must never be lost, what makes a row valid, and how many snapshots to keep. Bound strictly, so a
 * misspelt key is reported with its line and column like everywhere else in the file.
 */
public record ProtectedDataSection(
        @JsonProperty("keep_snapshots") Integer keepSnapshots,
        @JsonProperty("tables") Map<String, Table> tables) {

    public ProtectedDataSection {
        tables = tables == null ? new LinkedHashMap<>() : tables;
    }

    static final ProtectedDataSection EMPTY = new ProtectedDataSection(null, null);

    /**
     * One protected table.
     *
     * @param key the columns that identify a row
     * @param required keys of rows that must exist: a scalar for a one-column key, a list for a composite key
     * @param json JSON columns and the JSON Schema their documents must satisfy
     * @param checks SQL queries returning the keys of offending rows
     */
    public record Table(
            @JsonProperty("key") List<String> key,
            @JsonProperty("required") List<JsonNode> required,
            @JsonProperty("json") Map<String, JsonColumn> json,
            @JsonProperty("checks") List<Check> checks) {

        public Table {
            key = key == null ? List.of() : key;
            required = required == null ? List.of() : required;
            json = json == null ? new LinkedHashMap<>() : json;
            checks = checks == null ? List.of() : checks;
        }
    }

    /**
     * How one JSON column is validated: one {@code schema} for every row, or a schema per value of
     * the {@code discriminator} column ({@code schemas}); {@code schema} then serves the other values.
     */
    public record JsonColumn(
            @JsonProperty("schema") String schema,
            @JsonProperty("discriminator") String discriminator,
            @JsonProperty("schemas") Map<String, String> schemas) {

        public JsonColumn {
            schemas = schemas == null ? new LinkedHashMap<>() : schemas;
        }
    }

    /** A named SQL check whose query returns the key of every row that breaks it. */
    public record Check(@JsonProperty("name") String name, @JsonProperty("sql") String sql) {
    }
}
