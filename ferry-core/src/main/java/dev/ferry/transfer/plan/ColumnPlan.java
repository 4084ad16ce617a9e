package dev.ferry.transfer.plan;

import java.util.List;
import java.util.Map;

/**
 * How one target column is filled, checked. Exactly one of {@code from}, {@code constant} and
 * {@code concat} is the base value; then {@code json} extracts a field, the transforms run in
 * order, {@code map} translates values, and {@code defaultValue} replaces a null.
 */
public record ColumnPlan(
        String target,
        String from,
        String constant,
        List<String> concat,
        String separator,
        String json,
        List<String> transforms,
        Map<String, String> map,
        String defaultValue) {

    /** The source columns this mapping reads. */
    public List<String> sourceColumns() {
        if (from != null) {
            return List.of(from);
        }
        return concat == null ? List.of() : concat;
    }
}
