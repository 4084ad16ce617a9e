package dev.ferry.migration;

import java.nio.file.Path;

/**
 * Takes a backup of the environment before a rollback runs its down scripts, which may drop
 * columns and tables with their rows. The backups live in another package that depends on this
 * one, so the facade hands the way to take one in.
 */
@FunctionalInterface
public interface RollbackBackup {
    /** For migrations built without backups: a rollback that needs one is refused rather than run bare. */
    RollbackBackup NONE = () -> {
        throw new dev.ferry.FerryException(dev.ferry.ErrorCode.REFUSED_FOR_SAFETY, "Refusing to roll back without the backup "
                + "backup_before_rollback (or the protected environment) asks for: these migrations were opened without backups; "
                + "use ferry.migrations(). Nothing was changed");
    };

    /** Backs up the environment's tables and returns the archive. */
    Path take();
}
