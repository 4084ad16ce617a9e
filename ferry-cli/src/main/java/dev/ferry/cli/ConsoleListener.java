package dev.ferry.cli;

import dev.ferry.migration.Migration;
import dev.ferry.migration.MigrationListener;

/** Prints a migration run as it happens, on stderr so that --json output on stdout stays parseable. */
final class ConsoleListener implements MigrationListener {
    private final boolean quiet;

    ConsoleListener(boolean quiet) {
        this.quiet = quiet;
    }

    @Override
    public void note(String message) {
        if (!quiet) {
            Console.err(message);
        }
    }

    @Override
    public void migrationStarted(Migration m, boolean transactional, String direction) {
        if (!quiet) {
            Console.err((direction.equals("up") ? "Applying " : "Rolling back ") + m.label()
                    + (transactional ? "" : " [no transaction]") + " ...");
        }
    }

    @Override
    public void migrationFinished(Migration m, long executionMs, String direction) {
        if (!quiet) {
            Console.err("  done in " + executionMs + " ms");
        }
    }

    @Override
    public void migrationFailed(Migration m, String error, String direction) {
        if (!quiet) {
            Console.err("  FAILED: " + error);
        }
    }
}
