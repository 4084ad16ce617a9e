package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry init}: ferry.yaml, migrations/, and Ferry's own files kept out of version control. */
class InitCommandTest {
    @TempDir
    Path dir;

    @Test
    void initIgnoresFerrysStateAndArchivesKeepingWhatTheGitignoreAlreadySays() throws Exception {
        Files.writeString(dir.resolve(".gitignore"), "target/");
        int exit = FerryCommand.commandLine().execute("init", "--dir", dir.toString());
        assertThat(exit).isZero();
        assertThat(dir.resolve("ferry.yaml")).exists();
        assertThat(dir.resolve("migrations")).isDirectory();
        assertThat(Files.readAllLines(dir.resolve(".gitignore"))).contains("target/", ".ferry/", "backups/");

        InitCommand.ignoreFerryFiles(dir.resolve(".gitignore"));
        assertThat(Files.readAllLines(dir.resolve(".gitignore"))).filteredOn(".ferry/"::equals).hasSize(1);
    }
}
