/**
 * Archive backups and restores. API: {@link dev.ferry.backup.Backups} (from {@code ferry.backups()}),
 * {@link dev.ferry.backup.BackupOptions}, {@link dev.ferry.backup.RestoreOptions} and the results
 * {@link dev.ferry.backup.BackupResult}, {@link dev.ferry.backup.RestoreResult},
 * {@link dev.ferry.backup.ArchiveCheck}, {@link dev.ferry.backup.ArchiveSummary}. The archive
 * format, its reader, writer and cipher are engine: package-private, or public only for the
 * transfer's pre-run backup and doctor.
 */
package dev.ferry.backup;
