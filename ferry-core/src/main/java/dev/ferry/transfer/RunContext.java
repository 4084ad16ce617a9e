package dev.ferry.transfer;

import dev.ferry.db.Database;
import dev.ferry.transfer.plan.EntityJob;
import dev.ferry.transfer.plan.PlanSettings;
import java.util.Map;
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
    /** Every entity of the plan by name, those not selected for this run included: the parents references point at. */
    final Map<String, EntityJob> jobs;

    RunContext(String runId, Database source, Database target, TransferStore store, PlanSettings settings,
               TransferListener listener, Integer batchSizeOverride, long queueBytes, Map<String, EntityJob> jobs) {
        this.runId = runId;
        this.source = source;
        this.target = target;
        this.store = store;
        this.settings = settings;
        this.listener = listener;
        this.batchSizeOverride = batchSizeOverride;
        this.queueBytes = queueBytes;
        this.jobs = jobs;
    }

    void emit(TransferEvent event) {
        listener.onEvent(event);
    }
}
