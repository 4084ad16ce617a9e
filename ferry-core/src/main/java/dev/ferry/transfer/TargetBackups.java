package dev.ferry.transfer;

import dev.ferry.FerryException;
import dev.ferry.backup.RestoreResult;
import dev.ferry.transfer.plan.ConnectionSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Archive backups of a plan's target, as the creator of {@link Transfers} can make them
 * ({@code Ferry.transfers} uses {@code ferry.backups()} of the target's environment). Transfers
 * uses it for the pre-run backup and for {@code rollback --from-backup}.
 */
public interface TargetBackups {
    /** Backs up these tables ({@code schema.table}) of the target into a new archive and returns the archive. */
    Path backup(ConnectionSpec target, List<String> tables);

    /** Restores these tables of the target from the archive; the caller has checked the confirmation. */
    RestoreResult restore(ConnectionSpec target, Path archive, List<String> tables);

    /** For a Transfers made without backups: every use says so. */
    TargetBackups NONE = new TargetBackups() {
        @Override
        public Path backup(ConnectionSpec target, List<String> tables) {
            throw unavailable();
        }

        @Override
        public RestoreResult restore(ConnectionSpec target, Path archive, List<String> tables) {
            throw unavailable();
        }

        private FerryException unavailable() {
            return FerryException.failure("Archive backups are not available to this Transfers; create it through Ferry.transfers(...), "
                    + "which can back up the target", null);
        }
    };
}
