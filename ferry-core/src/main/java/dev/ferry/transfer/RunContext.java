package dev.ferry.transfer;

import dev.ferry.db.Database;
import dev.ferry.transfer.plan.PlanSettings;
import java.util.concurrent.atomic.AtomicBoolean;

/** What every worker of one run shares. */
final class RunContext {
    final String runId;
    final Database source;
    final Database target;
    final TransferStore store;
    final PlanSettings settings;
    final TransferListener listener;
    final Integer batchSizeOverride;
    /** Set when the run must stop (a failure elsewhere, or an interrupt); workers finish their batch and return. */
    final AtomicBoolean stopping = new AtomicBoolean();
    final long queueBytes;

    RunContext(String runId, Database source, Database target, TransferStore store, PlanSettings settings,
               TransferListener listener, Integer batchSizeOverride, long queueBytes) {
        this.runId = runId;
        this.source = source;
        this.target = target;
        this.store = store;
        this.settings = settings;
        this.listener = listener;
        this.batchSizeOverride = batchSizeOverride;
        this.queueBytes = queueBytes;
    }

    void emit(TransferEvent event) {
        listener.onEvent(event);
    }
}
