package dev.ferry.transfer;

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
 */
public record TransferOptions(List<String> entities, boolean dryRun, Integer maxConcurrency, Integer batchSize, String resume,
                              boolean fresh, int sampleRows) {
    public static final TransferOptions DEFAULTS = new TransferOptions(List.of(), false, null, null, null, false, 100);

    public TransferOptions withFresh(boolean b) {
        return new TransferOptions(entities, dryRun, maxConcurrency, batchSize, resume, b, sampleRows);
    }

    public TransferOptions withDryRun(boolean b) {
        return new TransferOptions(entities, b, maxConcurrency, batchSize, resume, fresh, sampleRows);
    }

    public TransferOptions withResume(String run) {
        return new TransferOptions(entities, dryRun, maxConcurrency, batchSize, run, fresh, sampleRows);
    }

    public TransferOptions withMaxConcurrency(Integer n) {
        return new TransferOptions(entities, dryRun, n, batchSize, resume, fresh, sampleRows);
    }

    public TransferOptions withBatchSize(Integer n) {
        return new TransferOptions(entities, dryRun, maxConcurrency, n, resume, fresh, sampleRows);
    }

    public TransferOptions withEntities(List<String> names) {
        return new TransferOptions(names, dryRun, maxConcurrency, batchSize, resume, fresh, sampleRows);
    }
}
