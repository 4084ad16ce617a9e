package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.db.Database;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "env", description = "Show how to connect to the environment's database (URL, user, the psql or mariadb command); "
        + "with --hold, keep the embedded PostgreSQL running until Ctrl-C.")
final class EnvCommand extends EnvironmentCommand {
    @Option(names = "--hold", description = "Keep the embedded PostgreSQL running until this command is stopped (Ctrl-C).")
    boolean hold;

    @Override
    protected int run(Ferry ferry) {
        Database db = ferry.database();
        boolean embedded = ferry.settings().embedded() && !db.borrowsConnections();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("environment", ferry.settings().name());
        info.put("database", db.dialect().name() + (embedded ? " (embedded)" : ""));
        info.put("url", db.displayUrl());
        info.put("user", db.user());
        info.put("client", db.clientCommand());
        if (json) {
            printJson(info);
        } else {
            info.forEach((k, v) -> Console.out(String.format("%-12s %s", k + ":", v == null ? "" : v)));
            if (embedded && !hold) {
                Console.out("The embedded server stops when no Ferry command uses it: run 'ferry env --hold' in another terminal "
                        + "to keep it up while you connect.");
            }
        }
        if (embedded && hold) {
            Console.out("Holding the embedded server; stop with Ctrl-C.");
            holdUntilStopped(ferry);
        }
        return ExitCodes.OK;
    }

    /**
     * Waits until the process is asked to stop, then closes Ferry (which stops the embedded server
     * when nobody else uses it) before the shutdown is let through.
     */
    private static void holdUntilStopped(Ferry ferry) {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ferry.close();
            closed.countDown();
        }
    }
}
