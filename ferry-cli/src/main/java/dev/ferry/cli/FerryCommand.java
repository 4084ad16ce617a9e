package dev.ferry.cli;

import dev.ferry.FerryVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code ferry} command: lists the subcommands. */
@Command(name = "ferry", versionProvider = FerryCommand.Version.class,
        description = "Carries a database safely through change: schema migrations, data transfer, verification, backups and restore.",
        subcommands = {
                InitCommand.class, DemoCommand.class, MigrateCommand.class, StatusCommand.class, HistoryCommand.class,
                ValidateCommand.class, RollbackCommand.class, RepairCommand.class, BaselineCommand.class, NewCommand.class,
                CleanCommand.class, TransferCommand.class, VerifyCommand.class, BackupCommand.class, RestoreCommand.class,
                SnapshotCommand.class, PruneCommand.class, SeedCommand.class, DeployCommand.class, ProtectCommand.class, DoctorCommand.class,
                AuditCommand.class, GenerateCommand.class, DriftCommand.class, SchemaCommand.class, EnvCommand.class, ServeCommand.class, RekeyCommand.class, CompatCommand.class,
                HelpCommand.class})
final class FerryCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Inherited, so that every command and subcommand answers {@code -h} and {@code --help} with its own usage. */
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    boolean version;

    static CommandLine commandLine() {
        ExitCodes codes = new ExitCodes();
        return new CommandLine(new FerryCommand())
                .setExecutionExceptionHandler(codes)
                .setExitCodeExceptionMapper(codes)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ferry " + FerryVersion.version() + " (embedded PostgreSQL " + FerryVersion.postgres() + ")"};
        }
    }
}
