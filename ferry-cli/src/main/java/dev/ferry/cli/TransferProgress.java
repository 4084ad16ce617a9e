package dev.ferry.cli;

import dev.ferry.transfer.TransferEvent;
import dev.ferry.transfer.TransferListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows a transfer as it runs. On a terminal, one line per running entity updates in place (rows,
 * share, rate, ETA) and becomes that entity's done line when it finishes, however many run at
 * once. Elsewhere (CI, a pipe) it prints plain lines: started, a progress line per entity at most
 * every few seconds, and the same done line. The rate on the live line and on the done line is
 * the same number: rows written by this process over the time since the entity started.
 */
final class TransferProgress implements TransferListener {
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;
    private static final long REDRAW_EVERY_NANOS = 200_000_000L;
    private static final int REJECTS_SHOWN = 5;

    private final Terminal terminal;
    private final LiveLines live;
    private final Map<String, Long> expected = new HashMap<>();
    private final Map<String, EntityLine> running = new LinkedHashMap<>();
    private ScheduledExecutorService ticker;
    private long lastDraw;
    private int rejects;

    TransferProgress(Terminal terminal) {
        this.terminal = terminal;
        this.live = terminal.live() ? new LiveLines(terminal) : null;
    }

    static TransferProgress forConsole() {
        return new TransferProgress(Terminal.stderr());
    }

    @Override
    public synchronized void onEvent(TransferEvent e) {
        if (e instanceof TransferEvent.RunStarted s) {
            expected.putAll(s.expectedRows());
            line((s.resumed() ? "Resuming" : "Starting") + " transfer run " + s.run());
        } else if (e instanceof TransferEvent.TargetEmptied t) {
            line("--fresh: deleted " + t.rowsDeleted() + " rows from " + t.table());
        } else if (e instanceof TransferEvent.EntityStarted s) {
            EntityLine l = new EntityLine(s.entity(), expected.getOrDefault(s.entity(), -1L), s.alreadyRead(), System.nanoTime());
            running.put(s.entity(), l);
            if (live == null) {
                line("  " + s.entity() + ": started" + (s.alreadyRead() > 0 ? " (" + s.alreadyRead() + " rows committed earlier)" : "")
                        + (l.total >= 0 ? ", " + l.total + " rows to go through" : ""));
            }
            redraw(true);
        } else if (e instanceof TransferEvent.BatchCommitted b) {
            batch(b);
        } else if (e instanceof TransferEvent.RowRejected r) {
            rejects++;
            if (rejects <= REJECTS_SHOWN) {
                line(terminal.fit("  rejected " + r.entity() + " key " + r.legacyKey() + ": " + firstLine(r.error())));
            } else if (rejects == REJECTS_SHOWN + 1) {
                line("  (more rejected rows: see the report and the ferry_rejects table)");
            }
        } else if (e instanceof TransferEvent.Retry r) {
            line(terminal.fit("  " + r.entity() + ": retrying (attempt " + r.attempt() + ", in " + r.backoffMs() + " ms) after: "
                    + firstLine(r.error())));
        } else if (e instanceof TransferEvent.EntityFinished f) {
            running.remove(f.entity());
            line(doneLine(f));
        } else if (e instanceof TransferEvent.ConstraintsDeferred d) {
            line(terminal.fit("  " + d.entity() + ": dropped " + Constraints.summary(d.dropped()) + " for the load"));
        } else if (e instanceof TransferEvent.ConstraintsRestored r) {
            line(terminal.fit("  rebuilt " + Constraints.summary(r.rebuilt())));
        } else if (e instanceof TransferEvent.RunFinished || e instanceof TransferEvent.RunFailed) {
            running.clear();
            redraw(true);
            stopTicker();
        }
    }

    /** The line an entity ends with; its rate is the one the report gives. */
    static String doneLine(TransferEvent.EntityFinished e) {
        return String.format(java.util.Locale.ROOT, "  %s: done, %s written, %s rejected in %.1f s (%s rows/s)", e.entity(),
                Numbers.grouped(e.written()), Numbers.grouped(e.rejected()), e.durationMs() / 1000.0,
                Numbers.grouped(rate(e.written(), e.durationMs())));
    }

    /** Rows per second as the run report computes them, so the terminal and the report agree. */
    static long rate(long rows, long ms) {
        return ms <= 0 ? rows : rows * 1000 / ms;
    }

    private void batch(TransferEvent.BatchCommitted b) {
        EntityLine l = running.get(b.entity());
        if (l == null) {
            return;
        }
        l.read += b.rows();
        l.written += b.written();
        if (live != null) {
            redraw(false);
        } else if (System.nanoTime() - l.lastPlain > PLAIN_EVERY_NANOS) {
            l.lastPlain = System.nanoTime();
            line(l.render(System.nanoTime(), 0));
        }
    }

    private void line(String text) {
        if (live == null) {
            terminal.out().println(text);
            return;
        }
        live.settle(text);
        redraw(true);
    }

    private void redraw(boolean now) {
        if (live == null) {
            return;
        }
        long t = System.nanoTime();
        if (!now && t - lastDraw < REDRAW_EVERY_NANOS) {
            return;
        }
        lastDraw = t;
        int nameWidth = running.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> lines = new ArrayList<>();
        running.values().forEach(l -> lines.add(l.render(t, Math.min(nameWidth, 20))));
        live.draw(lines);
        if (!running.isEmpty()) {
            startTicker();
        }
    }

    /** Redraws now and then though no batch commits, so the rate and ETA of a slow entity keep moving. */
    private void startTicker() {
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, "ferry-progress");
                th.setDaemon(true);
                return th;
            });
            ticker.scheduleAtFixedRate(() -> {
                synchronized (this) {
                    if (!running.isEmpty()) {
                        redraw(true);
                    }
                }
            }, 1, 1, TimeUnit.SECONDS);
        }
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    /** One running entity: what it has read and written in this process, since when. */
    private final class EntityLine {
        final String name;
        final long total;
        final long already;
        final long started;
        long read;
        long written;
        long lastPlain;

        EntityLine(String name, long total, long already, long started) {
            this.name = name;
            this.total = total;
            this.already = already;
            this.started = started;
            this.lastPlain = started;
        }

        String render(long now, int nameWidth) {
            long ms = (now - started) / 1_000_000;
            long done = already + read;
            StringBuilder sb = new StringBuilder("  ").append(pad(name, nameWidth)).append("  ").append(Numbers.grouped(done));
            if (total > 0) {
                sb.append(" of ").append(Numbers.grouped(total)).append(" rows ").append(String.format(java.util.Locale.ROOT, "%3d%%",
                        Math.min(100, done * 100 / total)));
            } else {
                sb.append(" rows");
            }
            if (read > 0 && ms >= 500) {
                sb.append("  ").append(Numbers.grouped(rate(written, ms))).append(" rows/s");
                if (total > done) {
                    long etaSeconds = (total - done) * ms / read / 1000;
                    sb.append("  ETA ").append(Numbers.duration(etaSeconds));
                }
            }
            if (live != null && total > 0) {
                int room = terminal.width() - 1 - sb.length() - 4;
                if (room >= 10) {
                    int bar = Math.min(room, 40);
                    int filled = (int) Math.min(bar, done * bar / total);
                    sb.append("  [").append("#".repeat(filled)).append(".".repeat(bar - filled)).append(']');
                }
            }
            return sb.toString();
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
