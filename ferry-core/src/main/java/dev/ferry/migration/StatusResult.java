package dev.ferry.migration;

import java.util.List;

/** Every migration with its state, plus what scanning the locations noticed. */
public record StatusResult(
        String environment,
        String database,
        String schemaVersion,
        List<MigrationInfo> migrations,
        List<String> notes,
        List<String> errors) {

    public long count(MigrationState state) {
        return migrations.stream().filter(m -> m.state() == state).count();
    }
}
