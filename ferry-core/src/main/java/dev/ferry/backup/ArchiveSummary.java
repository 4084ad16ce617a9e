package dev.ferry.backup;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One archive as {@code backup list} shows it, from its manifest. For an encrypted archive read
 * without its passphrase, tables and rows are {@code null}; {@code problem} says why an archive
 * could not be read.
 */
public record ArchiveSummary(Path file, long bytes, Instant createdAt, String environment, Integer tables, Long rows,
                             boolean encrypted, String schemaVersion, String problem) {
}
