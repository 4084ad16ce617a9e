package dev.ferry.migration;

import java.nio.file.Path;
import java.util.List;

/** The files {@code new} created. */
public record NewMigrationResult(String version, String layout, List<Path> files) {
}
