package dev.ferry.doctor;

import dev.ferry.FerryException;
import dev.ferry.backup.ArchiveFile;
import dev.ferry.config.Durations;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.config.RetentionKind;
import dev.ferry.retention.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How fresh the environment's backups are, now and once retention has had its way: the newest
 * archive in the environment's {@code backup_dir}, and the newest one a prune would leave, each
 * against {@code retention.backups.warn_if_none_within} (default 7 days).
 */
final class BackupArchives {
    private BackupArchives() {
    }

    static DoctorFinding newest(EnvironmentSettings settings, Retention retention) {
        String folder = settings.display(settings.backupDir()) + "/";
        List<ArchiveFile> left;
        try {
            left = retention.backupsLeft().stream().filter(ArchiveFile::wholeEnvironment).toList();
        } catch (FerryException e) {
            return DoctorFinding.warning("backup", "cannot look at the backups in " + folder + ": " + e.getMessage(),
                    "check the folder (backup_dir in ferry.yaml) and its permissions");
        }
        if (left.isEmpty()) {
            return DoctorFinding.warning("backup", "no backup archive of '" + settings.name() + "' in " + folder, "take a backup of the environment");
        }
        Duration limit = retention.policy().backupWarnAge();
        ArchiveFile newest = left.get(0);
        Duration age = Duration.between(newest.takenAt(), Instant.now());
        String what = "newest is " + settings.display(newest.path()) + ", " + Ages.describe(age) + " old";
        if (age.compareTo(limit) > 0) {
            boolean pruned = retention.policy().rule(RetentionKind.BACKUPS).isPresent();
            return DoctorFinding.warning("backup", what + (pruned ? " once 'ferry prune' applies retention.backups" : "")
                    + ": none newer than " + Durations.format(limit), "take a new backup (and schedule it)"
                    + (pruned ? "; check that retention.backups keeps recent ones" : ""));
        }
        return DoctorFinding.ok("backup", what);
    }
}
