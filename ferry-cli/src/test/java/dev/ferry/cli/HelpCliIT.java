package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help through the real jar: each command shows its own usage, exits 0 and touches nothing. */
class HelpCliIT {
    @TempDir
    Path folder;

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(folder, Map.of(), args);
    }

    @Test
    void subcommandHelpShowsThatSubcommandsUsage() throws Exception {
        for (String flag : new String[] {"--help", "-h"}) {
            CliProcess.Result r = ferry("transfer", "run", flag);
            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(r.stdout()).startsWith("Usage: ferry transfer run ").contains("--batch-size", "--resume")
                    .doesNotContain("null", "--layout");
            assertThat(r.stderr()).isEmpty();
        }
    }

    @Test
    void helpOfACommandWithARequiredParameterNeedsNoParameter() throws Exception {
        CliProcess.Result r = ferry("restore", "--help");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).startsWith("Usage: ferry restore ").contains("ARCHIVE", "--into").doesNotContain("null");
        assertThat(r.stderr()).doesNotContain("Missing required parameter");
    }

    @Test
    void helpCommandFollowsNestedNames() throws Exception {
        CliProcess.Result r = ferry("help", "transfer", "run");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).startsWith("Usage: ferry transfer run ").contains("--batch-size");
        assertThat(folder.resolve(".ferry")).doesNotExist();
    }
}
