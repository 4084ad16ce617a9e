package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand explains itself: -h and --help print its own usage, exit 0, and never say "null". */
class CommandHelpTest {

    @Test
    void everyCommandAnswersHelpWithItsOwnUsage() {
        List<List<String>> paths = new ArrayList<>();
        walk(FerryCommand.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(40).contains(List.of("transfer", "run"), List.of("restore"), List.of("help"));
        SoftAssertions soft = new SoftAssertions();
        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                Run r = run(args);
                String shown = "ferry " + String.join(" ", args);
                soft.assertThat(r.exitCode()).as(shown + "\n" + r.out()).isZero();
                soft.assertThat(r.out()).as(shown).startsWith("Usage: " + String.join(" ", prepend("ferry", path)) + " ");
                soft.assertThat(r.out()).as(shown).doesNotContainIgnoringCase("null");
            }
        }
        soft.assertAll();
    }

    @Test
    void everyCommandThatDoesSomethingTakesQuiet() {
        List<List<String>> paths = new ArrayList<>();
        walk(FerryCommand.commandLine(), new ArrayList<>(), paths);
        List<String> without = new ArrayList<>();
        for (List<String> path : paths) {
            CommandLine command = FerryCommand.commandLine();
            for (String name : path) {
                command = command.getSubcommands().get(name);
            }
            // Groups (ferry, transfer, audit, ...) only print their usage; help prints help.
            boolean group = !command.getSubcommands().isEmpty() && !(command.getCommand() instanceof java.util.concurrent.Callable<?>);
            if (!group && !path.equals(List.of("help")) && command.getCommandSpec().findOption("-q") == null) {
                without.add(String.join(" ", path));
            }
        }
        assertThat(without).as("commands without -q").isEmpty();
    }

    @Test
    void helpCommandFollowsTheWholePathOfNames() {
        Run r = run(List.of("help", "transfer", "run"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: ferry transfer run ").contains("--batch-size");
        Run unknown = run(List.of("help", "transfer", "nope"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown command 'ferry transfer nope'").contains("plan, run");
    }

    @Test
    void migrationOptionsAreListedOnlyByCommandsThatReadMigrations() {
        assertThat(run(List.of("migrate", "--help")).out()).contains("--layout", "--history-table", "--locations");
        for (List<String> command : List.of(List.of("transfer", "run"), List.of("verify"), List.of("snapshot"), List.of("audit", "log"))) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            assertThat(run(args).out()).as(String.join(" ", command))
                    .contains("--env").doesNotContain("--layout", "--history-table", "--locations", "--lock-timeout");
        }
    }

    private static void walk(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            List<String> next = new ArrayList<>(path);
            next.add(sub.getKey());
            walk(sub.getValue(), next, into);
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = FerryCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }
}
