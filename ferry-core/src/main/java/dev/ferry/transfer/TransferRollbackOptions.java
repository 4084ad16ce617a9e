package dev.ferry.transfer;

/**
 * How to roll back a transfer run.
 *
 * @param batchSize rows removed per transaction ({@code null}: {@value #DEFAULT_BATCH})
 * @param preserveData move the removed rows into snapshot copies first (they show in {@code ferry snapshot list})
 * @param dryRun only count, per entity, what would be removed
 * @param confirmed needed on a protected target
 * @param keepUpdates leave the changes of {@code mode: update} entities in place instead of refusing
 */
public record TransferRollbackOptions(Integer batchSize, boolean preserveData, boolean dryRun, boolean confirmed, boolean keepUpdates) {
    public static final int DEFAULT_BATCH = 1000;
    public static final TransferRollbackOptions DEFAULTS = new TransferRollbackOptions(null, false, false, false, false);

    public TransferRollbackOptions {
        if (batchSize != null && batchSize < 1) {
            throw dev.ferry.FerryException.invalidInput("--batch-size must be at least 1, not " + batchSize);
        }
    }

    public int batch() {
        return batchSize == null ? DEFAULT_BATCH : batchSize;
    }

    public TransferRollbackOptions withBatchSize(int n) {
        return new TransferRollbackOptions(n, preserveData, dryRun, confirmed, keepUpdates);
    }

    public TransferRollbackOptions withPreserveData(boolean b) {
        return new TransferRollbackOptions(batchSize, b, dryRun, confirmed, keepUpdates);
    }

    public TransferRollbackOptions withDryRun(boolean b) {
        return new TransferRollbackOptions(batchSize, preserveData, b, confirmed, keepUpdates);
    }

    public TransferRollbackOptions withConfirmed(boolean b) {
        return new TransferRollbackOptions(batchSize, preserveData, dryRun, b, keepUpdates);
    }

    public TransferRollbackOptions withKeepUpdates(boolean b) {
        return new TransferRollbackOptions(batchSize, preserveData, dryRun, confirmed, b);
    }
}
