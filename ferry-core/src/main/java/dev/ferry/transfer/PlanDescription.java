package dev.ferry.transfer;

import java.util.List;

/**
 * What {@code transfer plan} shows: the entities in the order they run, with row counts and what
 * will happen, and the second passes that fill columns the entities leave NULL at first.
 */
public record PlanDescription(String plan, String source, String target, List<Step> entities, List<SecondPass> secondPasses) {

    public PlanDescription(String plan, String source, String target, List<Step> entities) {
        this(plan, source, target, entities, List.of());
    }

    /**
     * @param rowsToTransfer source rows the plan selects (after its filter)
     * @param targetRows rows the target table holds now
     * @param edges why the entity waits for each entity of {@code dependsOn}, and the links it fills later instead
     */
    public record Step(int order, String entity, String source, String target, String mode, String key, List<String> dependsOn,
                       long rowsToTransfer, long rowsFiltered, long targetRows, int slices, boolean idMap, boolean deferConstraints,
                       List<String> references, List<Edge> edges) {

        public Step(int order, String entity, String source, String target, String mode, String key, List<String> dependsOn,
                    long rowsToTransfer, long rowsFiltered, long targetRows, int slices, boolean idMap, boolean deferConstraints,
                    List<String> references) {
            this(order, entity, source, target, mode, key, dependsOn, rowsToTransfer, rowsFiltered, targetRows, slices, idMap,
                    deferConstraints, references, List.of());
        }
    }

    /**
     * One link of an entity to a parent.
     *
     * @param column the target column it fills; {@code null} when it fills none ({@code depends_on}, {@code updates})
     * @param origin {@code plan reference}, {@code source foreign key} or {@code plan}
     * @param secondPass whether the column is written NULL first and filled by a second pass
     */
    public record Edge(String parent, String column, String origin, boolean secondPass) {
    }

    /**
     * A column filled after its parent is loaded.
     *
     * @param step the run's step for it ({@code entity.column}), as checkpoints and reports name it
     * @param after the entity it waits for
     * @param reason {@code deferred: true}, or the cycle it breaks
     * @param rowsToFill source rows with a value to fill
     */
    public record SecondPass(String step, String entity, String column, String after, String reason, long rowsToFill) {
    }
}
