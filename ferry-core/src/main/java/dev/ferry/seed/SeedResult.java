package dev.ferry.seed;

import dev.ferry.verify.VerifyResult;
import java.util.List;

/**
 * What one {@code seed} run did.
 *
 * @param runId {@code null} for a dry run
 * @param folder the seed folder, from the project directory
 * @param cleaned tables emptied by {@code --clean}, children first
 * @param validation the integrity checks run afterwards; {@code null} when not asked for
 * @param error why the run stopped, when a file failed (kept in the report)
 */
public record SeedResult(String runId, String environment, String database, String folder, boolean dryRun, boolean minimal,
                         List<CleanedTable> cleaned, List<SeedFileResult> files, List<String> notes, VerifyResult validation,
                         String error) {

    /** False when the integrity checks asked for found an error. */
    public boolean valid() {
        return validation == null || validation.clean();
    }

    public long count(SeedStatus status) {
        return files.stream().filter(f -> f.status() == status).count();
    }

    /** Rows written by the files applied in this run. */
    public long rowsApplied() {
        return files.stream().filter(f -> f.status() == SeedStatus.APPLIED).mapToLong(SeedFileResult::rows).sum();
    }
}
