package dev.ferry.transfer.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * How one target column is filled. Written either as a bare source column name
 * ({@code name: office_name}) or as a mapping with {@code from}, {@code const}, {@code concat},
 * {@code json}, {@code transform}, {@code map} and {@code default}.
 */
record ColumnSpec(
        @JsonProperty("from") String from,
        @JsonProperty("const") String constant,
        @JsonProperty("concat") List<String> concat,
        @JsonProperty("separator") String separator,
        @JsonProperty("json") String json,
        @JsonProperty("transform") List<String> transform,
        @JsonProperty("map") Map<String, String> map,
        @JsonProperty("default") String defaultValue) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ColumnSpec ofSource(String column) {
        return new ColumnSpec(column, null, null, null, null, null, null, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static ColumnSpec of(@JsonProperty("from") String from, @JsonProperty("const") String constant,
                         @JsonProperty("concat") List<String> concat, @JsonProperty("separator") String separator,
                         @JsonProperty("json") String json, @JsonProperty("transform") List<String> transform,
                         @JsonProperty("map") Map<String, String> map, @JsonProperty("default") String defaultValue) {
        return new ColumnSpec(from, constant, concat, separator, json, transform, map, defaultValue);
    }
}
