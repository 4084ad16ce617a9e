package dev.ferry.transfer.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * What a reference does with a row whose parent is not in the target (the parent row was
 * rejected, filtered out by its entity's {@code where}, or never was in the source): a child
 * written anyway would be an orphan that breaks its foreign key when it is rebuilt.
 */
public enum MissingParent {
    /** Reject the row, with the reason, against the entity's reject budget (the default). */
    REJECT,
    /** Write the row with the reference set to NULL. */
    NULL,
    /** Fail the run. */
    FAIL;

    /** {@code null}: the key is absent; a null node is YAML's {@code null}, which names {@link #NULL}. */
    static MissingParent parse(JsonNode value) {
        if (value == null) {
            return REJECT;
        }
        if (value.isNull()) {
            return NULL;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(value.toString());
        }
        return valueOf(value.asText().strip().toUpperCase(Locale.ROOT));
    }
}
