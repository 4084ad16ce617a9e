package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.config.Durations;
import dev.ferry.rekey.CompatClient;
import dev.ferry.rekey.CompatWatchResult;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "watch", description = "Sample the server's sessions every --interval and record each client using v1 or v2 "
        + "(who, from where, first and last seen), for --for or until stopped.")
final class CompatWatchCommand extends RekeyBase {
    @Option(names = "--interval", paramLabel = "DURATION", description = "Time between samples (default: 5s).")
    String interval = "5s";

    @Option(names = "--for", paramLabel = "DURATION", description = "How long to watch (default: until stopped with Ctrl-C; every sample is recorded as it is taken).")
    String duration;

    @Override
    protected int run(Ferry ferry) {
        Duration every = Durations.parse(interval, "--interval");
        Duration total = duration == null ? null : Durations.parse(duration, "--for");
        CompatWatchResult r = rekeys(ferry).watch(every, total, seen -> {
            if (!json) {
                for (CompatClient c : seen) {
                    Console.out(c.lastSeen() + "  " + c.version() + "  " + c.describe());
                }
            }
        });
        if (json) {
            printJson(r);
        } else {
            printResult(CompatText.clients(r.clients()), "Watched " + r.samples() + " sample(s) (run " + r.runId() + "): " + r.clients().size()
                    + " client(s) on a compatibility version; see 'ferry compat report'.");
        }
        return ExitCodes.OK;
    }
}
