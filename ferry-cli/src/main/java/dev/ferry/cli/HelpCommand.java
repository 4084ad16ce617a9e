package dev.ferry.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry help [COMMAND...]}: the usage of the command named by the whole path, so that
 * {@code ferry help transfer run} shows {@code transfer run}, not {@code transfer}
 * (picocli's own help command stops at the first name).
 */
@Command(name = "help", helpCommand = true, description = "Show the usage of ferry or of a command, e.g. 'ferry help transfer run'.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "The command and its subcommands, e.g. transfer run.")
    List<String> names = new ArrayList<>();

    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        List<String> path = new ArrayList<>();
        for (String name : names) {
            CommandLine sub = target.getSubcommands().get(name);
            path.add(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(self, "Unknown command 'ferry " + String.join(" ", path)
                        + "'; the commands here are: " + String.join(", ", target.getSubcommands().keySet()));
            }
            target = sub;
        }
        target.usage(out, colors);
    }
}
