package dev.ferry.cli;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of commands that read migration scripts or the schema history: where the scripts
 * are, how they are named, which schemas hold the history. Only those commands list them in
 * their help; for the others they would change nothing.
 */
final class MigrationOptions {
    /** For commands without these options: every value unset, so ferry.yaml and FERRY_* decide. */
    static final MigrationOptions NONE = new MigrationOptions();

    @Option(names = "--locations", split = ",", paramLabel = "DIR", description = "Migration folders, comma-separated.")
    List<String> locations;

    @Option(names = "--layout", paramLabel = "LAYOUT", description = "Folder layout: auto, flyway, golang-migrate, diesel or dbmate.")
    String layout;

    @Option(names = "--schemas", split = ",", paramLabel = "SCHEMA", description = "Schemas to manage; the first holds the history table.")
    List<String> schemas;

    @Option(names = "--history-table", paramLabel = "NAME", description = "History table name (default: ferry_schema_history).")
    String historyTable;

    @Option(names = "--classpath", split = ",", paramLabel = "PATH",
            description = "Folders of compiled classes and jars holding Java migrations for classpath: locations, comma-separated "
                    + "(the project's lib/*.jar are always added).")
    List<String> classpath;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", description = "How long to wait for another migrator (default: 60s).")
    String lockTimeout;
}
