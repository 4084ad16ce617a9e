package dev.ferry.cli;

import picocli.CommandLine.Mixin;

/** Base of the commands that read migration scripts or the schema history, and so take the migration options. */
abstract class MigrationCommand extends EnvironmentCommand {
    @Mixin
    MigrationOptions migration;

    @Override
    MigrationOptions migrationOptions() {
        return migration;
    }
}
