package dev.ferry.cli;

import picocli.CommandLine;

/** Starts the {@code ferry} command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Thread warmUp = new Thread(dev.ferry.run.Json::warmUp, "ferry-json-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; used by tests to run commands in-process. */
    public static int run(String... args) {
        return FerryCommand.commandLine().execute(args);
    }
}
