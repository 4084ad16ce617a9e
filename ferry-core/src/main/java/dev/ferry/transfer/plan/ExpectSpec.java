package dev.ferry.transfer.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What the target table must have besides rows, checked by {@code verify --level rigorous}:
 * indexes, constraints and row-level-security policies, by name.
 */
public record ExpectSpec(
        @JsonProperty("indexes") List<String> indexes,
        @JsonProperty("constraints") List<String> constraints,
        @JsonProperty("policies") List<String> policies) {

    public static final ExpectSpec NONE = new ExpectSpec(List.of(), List.of(), List.of());

    public ExpectSpec {
        indexes = indexes == null ? List.of() : indexes;
        constraints = constraints == null ? List.of() : constraints;
        policies = policies == null ? List.of() : policies;
    }
}
