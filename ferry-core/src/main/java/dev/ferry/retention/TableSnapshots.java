package dev.ferry.retention;

import dev.ferry.config.RetentionKind;
import dev.ferry.config.RetentionRule;
import dev.ferry.run.RunJournal;
import dev.ferry.snapshot.SnapshotRecord;
import dev.ferry.snapshot.Snapshots;
import dev.ferry.transfer.TransferRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-database table copies, one candidate per snapshot id (all its tables go together). A
 * copy still being made, and one a resumable transfer run's rollback made, stay.
 */
final class TableSnapshots implements Holdings<List<SnapshotRecord>> {
    private final Snapshots snapshots;
    private final ActiveRuns active;

    TableSnapshots(Snapshots snapshots, ActiveRuns active) {
        this.snapshots = snapshots;
        this.active = active;
    }

    @Override
    public RetentionKind kind() {
        return RetentionKind.SNAPSHOTS;
    }

    @Override
    public List<Candidate<List<SnapshotRecord>>> candidates(RetentionRule rule, Instant now) {
        Map<String, List<SnapshotRecord>> byId = new LinkedHashMap<>();
        for (SnapshotRecord r : snapshots.list()) {
            byId.computeIfAbsent(r.snapshotId(), k -> new ArrayList<>()).add(r);
        }
        List<Candidate<List<SnapshotRecord>>> out = new ArrayList<>();
        byId.forEach((id, copies) -> {
            Instant at = copies.stream().map(SnapshotRecord::createdAt).min(Comparator.naturalOrder()).orElseThrow();
            String pinned = null;
            if (copies.stream().anyMatch(r -> !r.complete())) {
                pinned = "a copy is still being made or was interrupted; drop it with 'ferry snapshot drop' once nothing writes it";
            }
            TransferRun run = copies.stream().map(r -> active.namedIn(r.reason())).filter(r -> r != null).findFirst().orElse(null);
            if (run != null) {
                pinned = "made for " + ActiveRuns.needs(run);
            }
            out.add(Candidate.of(copies, id + " (" + String.join(", ", copies.stream().map(r -> r.source().toString()).toList()) + ")",
                    at, pinned));
        });
        out.sort(Comparator.comparing((Candidate<List<SnapshotRecord>> c) -> c.at()).reversed());
        return out;
    }

    @Override
    public void delete(List<Candidate<List<SnapshotRecord>>> doomed, RunJournal journal) {
        snapshots.drop(doomed.stream().flatMap(c -> c.item().stream()).toList(), journal);
    }
}
