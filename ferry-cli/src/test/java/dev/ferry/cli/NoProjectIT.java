package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder without ferry.yaml is no project: commands say so and exit 2 instead of starting an embedded server there. */
class NoProjectIT {
    @TempDir
    Path folder;

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(folder, Map.of(), args);
    }

    @Test
    void commandsInAFolderWithoutFerryYamlExitTwoAndCreateNothing() throws Exception {
        String expected = "ferry: no ferry.yaml in " + folder.toRealPath() + " (run 'ferry init', or pass -c FILE)";
        for (List<String> command : List.of(List.of("status"), List.of("migrate"), List.of("new", "create offices"),
                List.of("transfer", "run"), List.of("backup", "list"))) {
            CliProcess.Result r = ferry(command.toArray(String[]::new));
            assertThat(r.exitCode()).as(command + "\n" + r.all()).isEqualTo(2);
            assertThat(r.stderr()).as(command.toString()).contains(expected).doesNotContain("embedded");
            assertThat(r.stdout()).as(command.toString()).doesNotContain("up to date");
        }
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".std") && !n.startsWith(".out")))
                    .as("nothing created").isEmpty();
        }
    }

    @Test
    void initHelpAndVersionWorkWithoutFerryYaml() throws Exception {
        assertThat(ferry("--version").exitCode()).isZero();
        assertThat(ferry("help").exitCode()).isZero();
        assertThat(ferry("help", "migrate").stdout()).startsWith("Usage: ferry migrate ");
        CliProcess.Result init = ferry("init");
        assertThat(init.exitCode()).as(init.all()).isZero();
        assertThat(folder.resolve("ferry.yaml")).exists();
    }
}
