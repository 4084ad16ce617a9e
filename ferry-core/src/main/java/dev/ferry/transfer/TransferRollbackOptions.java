package dev.ferry.transfer;

/**
 * How to roll back a transfer run.
 *
 * @param batchSize rows removed per transaction ({@code null}: {@value #DEFAULT_BATCH})
 * @param preserveData move the removed rows into snapshot copies first (they show in {@code ferry snapshot list})
 * @param dryRun only count, per entity, what would be removed
 * @param confirmed needed on a protected target, and for {@code fromBackup} on any target
 * @param keepUpdates leave the changes of {@code mode: update} entities in place instead of refusing
 * @param fromBackup restore the run's target tables from its pre-run backup instead of removing its rows one by one
 * @param entities remove only the rows of these entities and of the entities that depend on them (empty: the whole run)
 * @param toCheckpoint remove only the rows of the run's batches after this one (numbered from 1 in the order the run recorded
 *                     them; 0 keeps none) and leave the run resumable from there; {@code null}: the whole run
 */
public record TransferRollbackOptions(Integer batchSize, boolean preserveData, boolean dryRun, boolean confirmed, boolean keepUpdates,
                                      boolean fromBackup, java.util.List<String> entities, Integer toCheckpoint) {
    public static final int DEFAULT_BATCH = 1000;
    public static final TransferRollbackOptions DEFAULTS = new TransferRollbackOptions(null, false, false, false, false, false);

    public TransferRollbackOptions(Integer batchSize, boolean preserveData, boolean dryRun, boolean confirmed, boolean keepUpdates,
                                   boolean fromBackup) {
        this(batchSize, preserveData, dryRun, confirmed, keepUpdates, fromBackup, java.util.List.of());
    }

    public TransferRollbackOptions(Integer batchSize, boolean preserveData, boolean dryRun, boolean confirmed, boolean keepUpdates,
                                   boolean fromBackup, java.util.List<String> entities) {
        this(batchSize, preserveData, dryRun, confirmed, keepUpdates, fromBackup, entities, null);
    }

    public TransferRollbackOptions {
        entities = entities == null ? java.util.List.of() : java.util.List.copyOf(entities);
        if (fromBackup && !entities.isEmpty()) {
            throw dev.ferry.FerryException.invalidInput("--from-backup and --entities do not go together: a restore from the pre-run "
                    + "backup replaces whole tables. Choose one");
        }
        if (toCheckpoint != null && (fromBackup || !entities.isEmpty())) {
            throw dev.ferry.FerryException.invalidInput("--to-checkpoint does not go together with --from-backup or --entities: it "
                    + "removes the rows of every entity written after that checkpoint. Choose one");
        }
        if (toCheckpoint != null && toCheckpoint < 0) {
            throw dev.ferry.FerryException.invalidInput("--to-checkpoint must be 0 or more, not " + toCheckpoint
                    + "; 'ferry transfer rollback RUN --to-checkpoint 0 --dry-run' lists the run's checkpoints");
        }
        if (batchSize != null && batchSize < 1) {
            throw dev.ferry.FerryException.invalidInput("--batch-size must be at least 1, not " + batchSize);
        }
        if (fromBackup && preserveData) {
            throw dev.ferry.FerryException.invalidInput("--from-backup and --preserve-data do not go together: a restore from the "
                    + "pre-run backup replaces the tables whole, so there are no removed rows to keep. Choose one");
        }
    }

    public int batch() {
        return batchSize == null ? DEFAULT_BATCH : batchSize;
    }

    public TransferRollbackOptions withBatchSize(int n) {
        return new TransferRollbackOptions(n, preserveData, dryRun, confirmed, keepUpdates, fromBackup, entities, toCheckpoint);
    }

    public TransferRollbackOptions withPreserveData(boolean b) {
        return new TransferRollbackOptions(batchSize, b, dryRun, confirmed, keepUpdates, fromBackup, entities, toCheckpoint);
    }

    public TransferRollbackOptions withDryRun(boolean b) {
        return new TransferRollbackOptions(batchSize, preserveData, b, confirmed, keepUpdates, fromBackup, entities, toCheckpoint);
    }

    public TransferRollbackOptions withConfirmed(boolean b) {
        return new TransferRollbackOptions(batchSize, preserveData, dryRun, b, keepUpdates, fromBackup, entities, toCheckpoint);
    }

    public TransferRollbackOptions withKeepUpdates(boolean b) {
        return new TransferRollbackOptions(batchSize, preserveData, dryRun, confirmed, b, fromBackup, entities, toCheckpoint);
    }

    public TransferRollbackOptions withFromBackup(boolean b) {
        return new TransferRollbackOptions(batchSize, preserveData, dryRun, confirmed, keepUpdates, b, entities, toCheckpoint);
    }

    public TransferRollbackOptions withEntities(java.util.List<String> names) {
        return new TransferRollbackOptions(batchSize, preserveData, dryRun, confirmed, keepUpdates, fromBackup, names, toCheckpoint);
    }

    public TransferRollbackOptions withToCheckpoint(Integer n) {
        return new TransferRollbackOptions(batchSize, preserveData, dryRun, confirmed, keepUpdates, fromBackup, entities, n);
    }

    /** Whether only some entities are rolled back. */
    public boolean partial() {
        return !entities.isEmpty();
    }
}
