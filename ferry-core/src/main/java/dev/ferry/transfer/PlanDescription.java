package dev.ferry.transfer;

import java.util.List;

/** What {@code transfer plan} shows: the entities in the order they run, with row counts and what will happen. */
public record PlanDescription(String plan, String source, String target, List<Step> entities) {

    /**
     * @param rowsToTransfer source rows the plan selects (after its filter)
     * @param targetRows rows the target table holds now
     */
    public record Step(int order, String entity, String source, String target, String mode, String key, List<String> dependsOn,
                       long rowsToTransfer, long rowsFiltered, long targetRows, int slices, boolean idMap, boolean deferConstraints,
                       List<String> references) {
    }
}
