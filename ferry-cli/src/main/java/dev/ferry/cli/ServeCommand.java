package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.dashboard.Dashboard;
import dev.ferry.dashboard.DashboardServer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "A local web dashboard of the project (read-only unless --allow-actions), with its data as JSON "
        + "under /api/; runs until stopped with Ctrl-C.")
final class ServeCommand extends MigrationCommand {
    static final int DEFAULT_PORT = 7171;

    @Option(names = "--port", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).", defaultValue = "" + DEFAULT_PORT)
    int port;

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).", defaultValue = "127.0.0.1")
    String bind;

    @Option(names = "--allow-actions", description = "Offer resume, verify and snapshot, each a POST with the token printed at start-up.")
    boolean allowActions;

    @Override
    protected int run(Ferry ferry) {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        try (Dashboard dashboard = ferry.dashboard(); DashboardServer server = DashboardServer.start(dashboard, bind, port, allowActions)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                await(stopped, 10); // lets the main thread close the server and the embedded database first
            }, "ferry-serve-stop"));
            if (!server.address().getAddress().isLoopbackAddress()) {
                Console.err("warning: the dashboard listens on " + bind + ", so other machines can reach it");
            }
            Console.out("Dashboard of " + ferry.project().projectDir().toAbsolutePath().normalize() + " at " + server.uri()
                    + (allowActions ? "" : " (read-only)"));
            if (allowActions) {
                Console.out("Actions allowed; each is a POST with the header " + DashboardServer.TOKEN_HEADER + ": " + server.token());
            }
            Console.out("JSON under " + server.uri() + "api/; Ctrl-C stops the server");
            await(stop, Long.MAX_VALUE);
        } finally {
            ferry.close(); // before the shutdown hook lets the JVM end: the embedded database stops cleanly
            stopped.countDown();
        }
        return ExitCodes.OK;
    }

    private static void await(CountDownLatch latch, long seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
