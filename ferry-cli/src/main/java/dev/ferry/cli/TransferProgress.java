package dev.ferry.cli;

import dev.ferry.transfer.TransferEvent;
import dev.ferry.transfer.TransferListener;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a transfer as it runs: on a terminal, one progress bar per active entity with rows/s and
 * ETA; otherwise (CI, a pipe) a log line per entity at most every few seconds, so logs stay short.
 */
final class TransferProgress implements TransferListener {
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;

    private final boolean bars;
    private final Map<String, Long> expected = new HashMap<>();
    private final Map<String, ProgressBar> active = new HashMap<>();
    private final Map<String, long[]> progress = new HashMap<>();
    private int rejectsShown;

    TransferProgress(boolean bars) {
        this.bars = bars;
    }

    static TransferProgress forConsole() {
        return new TransferProgress(System.console() != null && !"dumb".equals(System.getenv("TERM")));
    }

    @Override
    public synchronized void onEvent(TransferEvent e) {
        switch (e.type()) {
            case RUN_STARTED -> {
                if (e.data().get("expected_rows") instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> expected.put((String) k, ((Number) v).longValue()));
                }
                Console.err((Boolean.TRUE.equals(e.data().get("resumed")) ? "Resuming" : "Starting") + " transfer run " + e.run());
            }
            case ENTITY_STARTED -> started(e);
            case BATCH_COMMITTED -> batch(e);
            case ROW_REJECTED -> {
                if (rejectsShown++ < 5) {
                    message("  rejected " + e.entity() + " key " + e.data().get("legacy_key") + ": " + e.data().get("error"));
                } else if (rejectsShown == 6) {
                    message("  (more rejected rows: see ferry_rejects and the report)");
                }
            }
            case RETRY -> message("  " + e.entity() + ": retrying (attempt " + e.data().get("attempt") + ", in " + e.data().get("backoff_ms")
                    + " ms) after: " + e.data().get("error"));
            case ENTITY_FINISHED -> finished(e);
            case CONSTRAINTS_DEFERRED -> message("  " + e.entity() + ": dropped for the load: " + e.data().get("dropped"));
            case CONSTRAINTS_RESTORED -> message("  rebuilt: " + e.data().get("rebuilt"));
            default -> { }
        }
    }

    private void started(TransferEvent e) {
        long already = e.number("already_read");
        progress.put(e.entity(), new long[] {already, System.nanoTime(), 0});
        if (bars) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "%-10s", e.entity()))
                    .setInitialMax(expected.getOrDefault(e.entity(), -1L)).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" rows", 1).showSpeed().setUpdateIntervalMillis(250).continuousUpdate().build();
            bar.stepTo(already);
            active.put(e.entity(), bar);
        } else {
            Console.err("  " + e.entity() + ": started" + (already > 0 ? " (" + already + " rows committed earlier)" : "")
                    + (expected.containsKey(e.entity()) ? ", " + expected.get(e.entity()) + " rows to go through" : ""));
        }
    }

    private void batch(TransferEvent e) {
        long[] p = progress.computeIfAbsent(e.entity(), k -> new long[] {0, System.nanoTime(), 0});
        p[0] += e.number("rows");
        ProgressBar bar = active.get(e.entity());
        if (bar != null) {
            bar.stepBy(e.number("rows"));
        } else if (!bars && System.nanoTime() - p[2] > LOG_EVERY_NANOS) {
            p[2] = System.nanoTime();
            long total = expected.getOrDefault(e.entity(), 0L);
            Console.err(String.format(Locale.ROOT, "  %s: %d%s rows, batch size %s", e.entity(), p[0],
                    total > 0 ? String.format(Locale.ROOT, " of %d (%.0f%%)", total, 100.0 * p[0] / total) : "", e.data().get("batch_size")));
        }
    }

    private void finished(TransferEvent e) {
        ProgressBar bar = active.remove(e.entity());
        if (bar != null) {
            bar.close();
        }
        long ms = Math.max(1, e.number("duration_ms"));
        Console.err(String.format(Locale.ROOT, "  %s: done, %d written, %d rejected in %.1f s (%d rows/s)", e.entity(), e.number("written"),
                e.number("rejected"), ms / 1000.0, e.number("written") * 1000 / ms));
    }

    private void message(String text) {
        if (!active.isEmpty()) {
            System.err.println();
        }
        Console.err(text);
    }
}
