package dev.ferry.transfer.plan;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The tenant (owner) column: a constant ({@code value}), or copied from the parent row reached
 * through a reference ({@code via: doctor_id, parent_column: office_id}), so a child always lands
 * in its parent's tenant.
 */
record TenantSpec(
        @JsonProperty("column") String column,
        @JsonProperty("value") String value,
        @JsonProperty("via") String via,
        @JsonProperty("parent_column") String parentColumn,
        @JsonProperty("entity") String entity) {
}
