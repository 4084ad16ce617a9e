package dev.ferry.cli;

import dev.ferry.migration.Migration;
import dev.ferry.migration.MigrationListener;
import java.util.List;

/**
 * Prints a migration run as it happens, on stderr so that --json output on stdout stays parseable.
 * On a terminal each migration is one line, "Applying X ..." while it runs, completed in place with
 * its time or its failure; elsewhere the start and the end are lines of their own, as a log wants.
 */
final class ConsoleListener implements MigrationListener {
    private final boolean quiet;
    private final LiveLines live;
    private String running;

    ConsoleListener(boolean quiet) {
        this(quiet, Terminal.stderr());
    }

    ConsoleListener(boolean quiet, Terminal terminal) {
        this.quiet = quiet;
        this.live = terminal.live() ? new LiveLines(terminal) : null;
    }

    @Override
    public void note(String message) {
        if (!quiet) {
            Console.err(message);
        }
    }

    @Override
    public void migrationStarted(Migration m, boolean transactional, String direction) {
        if (quiet) {
            return;
        }
        running = (direction.equals("up") ? "Applying " : "Rolling back ") + m.label() + (transactional ? "" : " [no transaction]") + " ...";
        if (live != null) {
            live.draw(List.of(running));
        } else {
            Console.err(running);
        }
    }

    @Override
    public void migrationFinished(Migration m, long executionMs, String direction) {
        ended("done in " + executionMs + " ms");
    }

    @Override
    public void migrationFailed(Migration m, String error, String direction) {
        ended("FAILED: " + error);
    }

    private void ended(String outcome) {
        if (quiet) {
            return;
        }
        if (live != null && running != null) {
            live.settle(running + " " + outcome);
            live.draw(List.of());
        } else {
            Console.err("  " + outcome);
        }
        running = null;
    }
}
