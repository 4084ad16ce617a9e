package dev.ferry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.run.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Base of the commands that work on one environment: parses the shared options, opens Ferry
 * (starting the embedded database if needed), delegates, and closes it again.
 */
abstract class EnvironmentCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions project;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print only the result.")
    boolean quiet;

    @Override
    public final Integer call() {
        try (Ferry ferry = project.open(quiet || json, migrationOptions())) {
            return run(ferry);
        }
    }

    protected abstract int run(Ferry ferry);

    /** The migration options given; none here, {@link MigrationCommand} adds them for the commands they apply to. */
    MigrationOptions migrationOptions() {
        return MigrationOptions.NONE;
    }

    /**
     * Prints a command's outcome: the details (tables, notes) unless {@code -q}, then the one-line
     * result, which {@code -q} keeps alone so that scripts read one line.
     */
    void printResult(String details, String result) {
        if (!quiet && details != null && !details.isBlank()) {
            Console.out(details.stripTrailing());
        }
        Console.out(result);
    }

    /** The project's run logs, which {@link CommandProgress} follows. */
    static java.nio.file.Path logs(Ferry ferry) {
        return ferry.settings().stateDir().resolve("logs");
    }

    static void printJson(Object value) {
        try {
            Console.out(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw FerryException.failure("Cannot render JSON: " + e.getOriginalMessage(), e);
        }
    }
}
