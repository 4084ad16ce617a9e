package dev.ferry.migration;

import java.nio.file.Path;

/** A callback SQL file such as {@code beforeMigrate.sql}, run around migrations. */
record CallbackScript(CallbackEvent event, Path source, String sql) {
}
