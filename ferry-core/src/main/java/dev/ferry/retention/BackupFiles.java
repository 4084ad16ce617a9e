package dev.ferry.retention;

import dev.ferry.FerryException;
import dev.ferry.backup.ArchiveFile;
import dev.ferry.backup.Backups;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.config.RetentionKind;
import dev.ferry.config.RetentionRule;
import dev.ferry.run.RunJournal;
import dev.ferry.transfer.TransferRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment's archives in its backup folder. The newest whole-environment archive that
 * reads back correctly is never deleted: a retention rule that would leave no way back is a
 * mistake in the rule, not a wish. Archives a resumable transfer run would restore from stay too.
 */
final class BackupFiles implements Holdings<ArchiveFile> {
    private final Backups backups;
    private final EnvironmentSettings settings;
    private final ActiveRuns active;
    private final boolean verify;
    private final char[] passphrase;

    /** @param verify read archives back to find the newest valid one; without, the newest whole archive is taken as valid */
    BackupFiles(Backups backups, EnvironmentSettings settings, ActiveRuns active, boolean verify, char[] passphrase) {
        this.backups = backups;
        this.settings = settings;
        this.active = active;
        this.verify = verify;
        this.passphrase = passphrase;
    }

    @Override
    public RetentionKind kind() {
        return RetentionKind.BACKUPS;
    }

    @Override
    public List<Candidate<ArchiveFile>> candidates(RetentionRule rule, Instant now) {
        List<ArchiveFile> newestFirst = new ArrayList<>(backups.archives());
        Collections.reverse(newestFirst);
        Map<ArchiveFile, String> pins = new IdentityHashMap<>();
        for (ArchiveFile a : newestFirst) {
            TransferRun run = active.byArchive(a.path());
            if (run != null) {
                pins.put(a, "pre-run backup: " + ActiveRuns.needs(run));
            }
        }
        for (ArchiveFile a : newestFirst) {
            if (!a.wholeEnvironment()) {
                continue;
            }
            String valid = validity(a);
            if (valid != null) {
                pins.merge(a, valid, (x, y) -> x + "; " + y);
                break;
            }
        }
        return newestFirst.stream().map(a -> Candidate.of(a, settings.display(a.path()), a.takenAt(),
                pins.get(a))).toList();
    }

    /** Why the archive counts as the newest valid backup, or {@code null} when it does not read back. */
    private String validity(ArchiveFile a) {
        String newest = "newest valid backup of '" + settings.name() + "'";
        if (!verify) {
            return "newest backup of '" + settings.name() + "'";
        }
        try {
            if (passphrase == null && backups.encrypted(a.path())) {
                return newest + " as far as can be told: encrypted, so not read back without its passphrase";
            }
            return backups.verify(a.path(), passphrase).ok() ? newest + " (read back and verified)" : null;
        } catch (FerryException e) {
            return null;
        }
    }

    @Override
    public void delete(List<Candidate<ArchiveFile>> doomed, RunJournal journal) {
        for (Candidate<ArchiveFile> c : doomed) {
            backups.delete(c.item());
            journal.event("backup_deleted", Map.of("archive", c.item().path().toString()));
        }
    }
}
