package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.migration.Migration;
import dev.ferry.migration.MigrationType;
import dev.ferry.migration.Version;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A migration run on a terminal reads one line per migration, completed in place. */
class ConsoleListenerTest {
    private static final Migration V1 = migration("1", "V1__create_offices.sql");
    private static final Migration V2 = migration("2", "V2__create_orders.sql");

    @Test
    void onATerminalEachMigrationIsOneLineCompletedInPlace() {
        FakeScreen screen = new FakeScreen(160);
        ConsoleListener listener = new ConsoleListener(false, screen.terminal());
        listener.migrationStarted(V1, true, "up");
        assertThat(screen.rows()).containsExactly("Applying version 1 (V1__create_offices.sql) ...");
        listener.migrationFinished(V1, 12, "up");
        listener.migrationStarted(V2, false, "up");
        listener.migrationFailed(V2, "relation \"x\" does not exist", "up");

        assertThat(screen.rows()).containsExactly("Applying version 1 (V1__create_offices.sql) ... done in 12 ms",
                "Applying version 2 (V2__create_orders.sql) [no transaction] ... FAILED: relation \"x\" does not exist");
        assertThat(screen.wraps()).isZero();
    }

    private static Migration migration(String version, String script) {
        return new Migration(Version.parse(version), script, MigrationType.VERSIONED, script, Path.of(script), "SELECT 1", 1, null, null, null, 0,
                false);
    }
}
