package dev.ferry.transfer.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What the target table must have besides rows, checked by {@code verify --level rigorous}:
 * indexes, constraints and row-level-security policies, by name. Policies count only while
 * row-level security is enabled on the table; {@code force_row_security} also asks that it be
 * forced, so that the table's owner is filtered too.
 */
public record ExpectSpec(
        @JsonProperty("indexes") List<String> indexes,
        @JsonProperty("constraints") List<String> constraints,
        @JsonProperty("policies") List<String> policies,
        @JsonProperty("force_row_security") Boolean forceRowSecurity) {

    public static final ExpectSpec NONE = new ExpectSpec(List.of(), List.of(), List.of(), false);

    public ExpectSpec {
        indexes = indexes == null ? List.of() : indexes;
        constraints = constraints == null ? List.of() : constraints;
        policies = policies == null ? List.of() : policies;
        forceRowSecurity = Boolean.TRUE.equals(forceRowSecurity);
    }
}
