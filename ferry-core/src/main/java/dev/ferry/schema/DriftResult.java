package dev.ferry.schema;

import java.util.List;

/**
 * The live database compared with its applied migrations replayed into a scratch database.
 * {@code added} objects exist only in the live database, {@code removed} ones only in the
 * migrations, {@code changed} ones differ: each is a change made by hand.
 *
 * @param version the schema version the migrations were replayed up to ({@code null}: none applied)
 * @param replayedInto where the migrations were replayed (redacted URL)
 */
public record DriftResult(String environment, String database, String version, String replayedInto, List<SchemaChange> changes,
                          long durationMs) {

    public boolean clean() {
        return changes.isEmpty();
    }
}
