package dev.ferry.transfer;

import dev.ferry.FerryException;
import java.util.List;

/**
 * Options of {@code transfer run}.
 *
 * @param entities only these entities (empty: all)
 * @param dryRun send a sample of every entity through the real mapping into the target inside a transaction that is rolled back
 * @param maxConcurrency slices running at once (default: the number of cores)
 * @param batchSize a fixed batch size instead of the adaptive one
 * @param resume the run to resume; {@code null} resumes the latest unfinished run of this plan, if any
 * @param fresh delete what earlier runs wrote to the plan's target tables and start a new run
 * @param backup whether a new run first backs up the target tables it writes to
 * @param group the plan's group of entities to run (added to {@code entities}); {@code null} for none
 * @param only run exactly the selected entities: refuse when a parent they depend on is not in the
 *        target, instead of adding it to the run
 */
public record TransferOptions(List<String> entities, boolean dryRun, Integer maxConcurrency, Integer batchSize, String resume,
                              boolean fresh, int sampleRows, PreRunBackup backup, String group, boolean only) {
    public static final TransferOptions DEFAULTS = new TransferOptions(List.of(), false, null, null, null, false, 100, PreRunBackup.AS_PLANNED);

    public TransferOptions(List<String> entities, boolean dryRun, Integer maxConcurrency, Integer batchSize, String resume,
                           boolean fresh, int sampleRows, PreRunBackup backup) {
        this(entities, dryRun, maxConcurrency, batchSize, resume, fresh, sampleRows, backup, null, false);
    }

    /**
     * When a new run backs up its target tables into an archive before writing. A protected target
     * is always backed up; {@link #SKIP} is refused there.
     */
    public enum PreRunBackup {
        /** When the plan says {@code backup: true} (or the target is protected). */
        AS_PLANNED,
        /** Always. */
        ALWAYS,
        /** Never ({@code --no-backup}); refused on a protected target. */
        SKIP
    }

    /** Values are checked here, before a run creates Ferry's tables or reaches a server, so invalid input changes nothing. */
    public TransferOptions {
        backup = backup == null ? PreRunBackup.AS_PLANNED : backup;
        requirePositive("--max-concurrency", maxConcurrency);
        requirePositive("--batch-size", batchSize);
        requirePositive("--sample", sampleRows);
    }

    private static void requirePositive(String option, Integer value) {
        if (value != null && value < 1) {
            throw FerryException.invalidInput(option + " must be 1 or more, not " + value);
        }
    }

    public TransferOptions withFresh(boolean b) {
        return new TransferOptions(entities, dryRun, maxConcurrency, batchSize, resume, b, sampleRows, backup, group, only);
    }

    public TransferOptions withDryRun(boolean b) {
        return new TransferOptions(entities, b, maxConcurrency, batchSize, resume, fresh, sampleRows, backup, group, only);
    }

    public TransferOptions withResume(String run) {
        return new TransferOptions(entities, dryRun, maxConcurrency, batchSize, run, fresh, sampleRows, backup, group, only);
    }

    public TransferOptions withMaxConcurrency(Integer n) {
        return new TransferOptions(entities, dryRun, n, batchSize, resume, fresh, sampleRows, backup, group, only);
    }

    public TransferOptions withBatchSize(Integer n) {
        return new TransferOptions(entities, dryRun, maxConcurrency, n, resume, fresh, sampleRows, backup, group, only);
    }

    public TransferOptions withEntities(List<String> names) {
        return new TransferOptions(names, dryRun, maxConcurrency, batchSize, resume, fresh, sampleRows, backup, group, only);
    }

    public TransferOptions withBackup(PreRunBackup policy) {
        return new TransferOptions(entities, dryRun, maxConcurrency, batchSize, resume, fresh, sampleRows, policy, group, only);
    }

    public TransferOptions withGroup(String name) {
        return new TransferOptions(entities, dryRun, maxConcurrency, batchSize, resume, fresh, sampleRows, backup, name, only);
    }

    public TransferOptions withOnly(boolean b) {
        return new TransferOptions(entities, dryRun, maxConcurrency, batchSize, resume, fresh, sampleRows, backup, group, b);
    }
}
