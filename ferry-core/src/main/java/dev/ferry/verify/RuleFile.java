package dev.ferry.verify;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A rules file as written: {@code rules: [{name, severity, sql, description}]}. */
record RuleFile(@JsonProperty("rules") List<Entry> rules) {
    record Entry(@JsonProperty("name") String name, @JsonProperty("severity") String severity, @JsonProperty("sql") String sql,
                 @JsonProperty("description") String description) {
    }
}
