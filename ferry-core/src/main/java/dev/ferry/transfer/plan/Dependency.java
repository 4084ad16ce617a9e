package dev.ferry.transfer.plan;

/**
 * Why an entity waits for another: one of its plan's references, a foreign key of its source table
 * on a column it reads, or the plan's own word ({@code depends_on}, {@code updates}, a tenant).
 *
 * @param column the entity's target column the link fills; {@code null} for a link that fills no column
 * @param deferredBecause why the column is written NULL first and filled in a second pass after
 *        {@code parent} is loaded ({@code deferred: true}, or the cycle it breaks); {@code null} when it is not
 */
public record Dependency(String parent, String column, Origin origin, String deferredBecause) {

    /** Where a dependency comes from. */
    public enum Origin {
        /** A reference of the plan. */
        REFERENCE("plan reference"),
        /** A foreign key of the source table, on a column the entity reads. */
        SOURCE_FOREIGN_KEY("source foreign key"),
        /** {@code depends_on}, {@code updates} or a tenant entity. */
        PLAN("plan");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean deferred() {
        return deferredBecause != null;
    }

    Dependency deferred(String because) {
        return new Dependency(parent, column, origin, because);
    }
}
