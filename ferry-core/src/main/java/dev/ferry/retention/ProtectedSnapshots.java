package dev.ferry.retention;

import dev.ferry.config.RetentionKind;
import dev.ferry.config.RetentionRule;
import dev.ferry.protection.Protection;
import dev.ferry.protection.SnapshotInfo;
import dev.ferry.run.RunJournal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The stored versions of the protected rows; the newest always stays, since recovery restores from it. */
final class ProtectedSnapshots implements Holdings<SnapshotInfo> {
    private final Protection protection;

    ProtectedSnapshots(Protection protection) {
        this.protection = protection;
    }

    @Override
    public RetentionKind kind() {
        return RetentionKind.PROTECTED_SNAPSHOTS;
    }

    @Override
    public String unavailable() {
        return protection.data().isEmpty() ? "no protected_data declared in ferry.yaml" : null;
    }

    @Override
    public List<Candidate<SnapshotInfo>> candidates(RetentionRule rule, Instant now) {
        List<Candidate<SnapshotInfo>> out = new ArrayList<>();
        for (SnapshotInfo s : protection.snapshots()) {
            out.add(Candidate.of(s, "version " + s.version(), s.takenAt(),
                    out.isEmpty() ? "newest protected snapshot: 'ferry doctor --recover' restores from it" : null));
        }
        return out;
    }

    @Override
    public void delete(List<Candidate<SnapshotInfo>> doomed, RunJournal journal) {
        List<Integer> versions = doomed.stream().map(c -> c.item().version()).toList();
        protection.dropSnapshots(versions);
        if (!versions.isEmpty()) {
            journal.event("protected_snapshots_deleted", Map.of("versions", versions));
        }
    }
}
