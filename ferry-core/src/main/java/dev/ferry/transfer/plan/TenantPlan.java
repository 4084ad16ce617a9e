package dev.ferry.transfer.plan;

/**
 * The tenant column: a constant, or the parent row's value of {@code parentColumn}, reached
 * through the reference whose target column is {@code via}; {@code entity}, when given, turns
 * that legacy value into the tenant entity's new key.
 */
public record TenantPlan(String column, String value, String via, String parentColumn, String entity) {
    public boolean fromParent() {
        return via != null;
    }
}
