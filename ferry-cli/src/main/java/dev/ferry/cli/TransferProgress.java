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
        if (e instanceof TransferEvent.RunStarted s) {
            expected.putAll(s.expectedRows());
            Console.err((s.resumed() ? "Resuming" : "Starting") + " transfer run " + s.run());
        } else if (e instanceof TransferEvent.TargetEmptied t) {
            Console.err("--fresh: deleted " + t.rowsDeleted() + " rows from " + t.table());
        } else if (e instanceof TransferEvent.EntityStarted s) {
            started(s);
        } else if (e instanceof TransferEvent.BatchCommitted b) {
            batch(b);
        } else if (e instanceof TransferEvent.RowRejected r) {
            if (rejectsShown++ < 5) {
                message("  rejected " + r.entity() + " key " + r.legacyKey() + ": " + r.error());
            } else if (rejectsShown == 6) {
                message("  (more rejected rows: see ferry_rejects and the report)");
            }
        } else if (e instanceof TransferEvent.Retry r) {
            message("  " + r.entity() + ": retrying (attempt " + r.attempt() + ", in " + r.backoffMs() + " ms) after: " + r.error());
        } else if (e instanceof TransferEvent.EntityFinished f) {
            finished(f);
        } else if (e instanceof TransferEvent.ConstraintsDeferred d) {
            message("  " + d.entity() + ": dropped for the load: " + d.dropped());
        } else if (e instanceof TransferEvent.ConstraintsRestored r) {
            message("  rebuilt: " + r.rebuilt());
        }
    }

    private void started(TransferEvent.EntityStarted e) {
        long already = e.alreadyRead();
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

    private void batch(TransferEvent.BatchCommitted e) {
        long[] p = progress.computeIfAbsent(e.entity(), k -> new long[] {0, System.nanoTime(), 0});
        p[0] += e.rows();
        ProgressBar bar = active.get(e.entity());
        if (bar != null) {
            bar.stepBy(e.rows());
        } else if (!bars && System.nanoTime() - p[2] > LOG_EVERY_NANOS) {
            p[2] = System.nanoTime();
            long total = expected.getOrDefault(e.entity(), 0L);
            Console.err(String.format(Locale.ROOT, "  %s: %d%s rows, batch size %s", e.entity(), p[0],
                    total > 0 ? String.format(Locale.ROOT, " of %d (%.0f%%)", total, 100.0 * p[0] / total) : "", e.batchSize()));
        }
    }

    private void finished(TransferEvent.EntityFinished e) {
        ProgressBar bar = active.remove(e.entity());
        if (bar != null) {
            bar.close();
        }
        long ms = Math.max(1, e.durationMs());
        Console.err(String.format(Locale.ROOT, "  %s: done, %d written, %d rejected in %.1f s (%d rows/s)", e.entity(), e.written(),
                e.rejected(), ms / 1000.0, e.written() * 1000 / ms));
    }

    private void message(String text) {
        if (!active.isEmpty()) {
            System.err.println();
        }
        Console.err(text);
    }
}
