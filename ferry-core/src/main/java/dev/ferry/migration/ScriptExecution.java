package dev.ferry.migration;

import dev.ferry.db.SqlStatement;
import java.nio.file.Path;
import java.util.List;

/** A script made ready to run: placeholders applied, split into statements, with its file for messages. */
record ScriptExecution(Path file, List<SqlStatement> statements) {
}
