package dev.ferry.retention;

import dev.ferry.config.RetentionKind;
import dev.ferry.config.RetentionRule;
import dev.ferry.db.Database;
import dev.ferry.run.RunJournal;
import dev.ferry.transfer.TransferRun;
import dev.ferry.transfer.TransferStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The state of transfer runs in the environment's database. Only finished runs are candidates;
 * an unfinished one is listed as kept, and so is a finished one whose deferred indexes or
 * constraints were never put back (its state says how to).
 */
final class FinishedTransfers implements Holdings<TransferRun> {
    private final Database database;
    private final ActiveRuns active;

    FinishedTransfers(Database database, ActiveRuns active) {
        this.database = database;
        this.active = active;
    }

    @Override
    public RetentionKind kind() {
        return RetentionKind.TRANSFER_STATE;
    }

    @Override
    public List<Candidate<TransferRun>> candidates(RetentionRule rule, Instant now) {
        List<Candidate<TransferRun>> out = new ArrayList<>();
        TransferStore store = store();
        for (TransferRun r : active.all()) {
            String pinned = null;
            if (!r.finished()) {
                pinned = ActiveRuns.needs(r);
            } else if (store.deferredNotRestored(r.id()) > 0) {
                pinned = "indexes or constraints it deferred were never put back; see 'ferry transfer status " + r.id() + "'";
            }
            out.add(Candidate.of(r, r.id() + " (" + r.status() + ", " + r.planFile() + ")",
                    r.finishedAt() != null ? r.finishedAt() : r.startedAt(), pinned));
        }
        out.sort(Comparator.comparing((Candidate<TransferRun> c) -> c.at()).reversed());
        return out;
    }

    @Override
    public void delete(List<Candidate<TransferRun>> doomed, RunJournal journal) {
        TransferStore store = store();
        for (Candidate<TransferRun> c : doomed) {
            store.forget(c.item().id());
            journal.event("transfer_state_deleted", Map.of("transfer_run", c.item().id(), "status", c.item().status()));
        }
    }

    private TransferStore store() {
        try (Connection c = database.connect("ferry prune")) {
            return new TransferStore(database, database.dialect().currentSchema(c));
        } catch (SQLException e) {
            throw dev.ferry.FerryException.sql("Reading the transfer runs", e);
        }
    }
}
