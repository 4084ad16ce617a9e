package dev.ferry.backup;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A backup archive as its name describes it, without opening it.
 *
 * @param takenAt the UTC time in the name
 * @param wholeEnvironment {@code false} for an archive of chosen tables ({@code --tables}, a restore's safety backup, a transfer's pre-run backup)
 */
public record ArchiveFile(Path path, String environment, Instant takenAt, boolean wholeEnvironment) {
}
