package dev.ferry.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of {@code ferry.yaml} exactly as written. Jackson rejects unknown keys and wrong
 * types with their line and column; {@link ConfigLoader} turns that into a readable message.
 */
record ConfigFile(
        @JsonProperty("default_environment") String defaultEnvironment,
        @JsonProperty("migrations") MigrationSection migrations,
        @JsonProperty("environments") Map<String, EnvironmentSection> environments,
        @JsonProperty("transfer") TransferSection transfer,
        @JsonProperty("seeds") SeedSection seeds,
        @JsonProperty("protected_data") ProtectedDataSection protectedData,
        @JsonProperty("backup_dir") String backupDir,
        @JsonProperty("backup_before_rollback") Boolean backupBeforeRollback,
        @JsonProperty("retention") RetentionSection retention) {

    ConfigFile {
        migrations = migrations == null ? MigrationSection.EMPTY : migrations;
        environments = environments == null ? new LinkedHashMap<>() : environments;
        transfer = transfer == null ? new TransferSection(null) : transfer;
        seeds = seeds == null ? new SeedSection(null) : seeds;
        protectedData = protectedData == null ? ProtectedDataSection.EMPTY : protectedData;
        retention = retention == null ? RetentionSection.EMPTY : retention;
    }

    /** The {@code transfer:} section: where the transfer plan is. */
    record TransferSection(@JsonProperty("plan") String plan) {
    }

    /** The {@code seeds:} section: the folder holding one seed folder per environment. */
    record SeedSection(@JsonProperty("location") String location) {
    }
}
