package dev.ferry.transfer;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.TableRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds the indexes a load set aside and checks its foreign keys on several connections at once.
 * The largest tables go first, so that no long build starts last while the other connections
 * idle. A table's foreign keys are checked after its own indexes are built and one at a time,
 * since a check locks its table against index builds and against another check; checks of
 * different tables run side by side, and beside other tables' builds. Before, every index was
 * built first and the foreign keys were then added one after the other, which left a core idle
 * for the whole check of the largest table.
 */
final class RebuildSchedule {
    /**
     * One statement's worth of work on {@code table}; {@code weight} orders the work, largest first.
     * {@code work} throws a {@link FerryException} naming what failed.
     */
    record Step(TableRef table, boolean foreignKeyCheck, long weight, Runnable work) {
    }

    private final List<Step> waiting;
    private final Map<TableRef, Integer> buildsLeft = new HashMap<>();
    private final Set<TableRef> checking = new HashSet<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Step> started = Collections.synchronizedList(new ArrayList<>());

    RebuildSchedule(List<Step> steps) {
        waiting = new ArrayList<>(steps);
        // Largest table first; within a table its builds before its checks.
        waiting.sort(Comparator.comparingLong(Step::weight).reversed().thenComparing(Step::foreignKeyCheck));
        for (Step s : steps) {
            if (!s.foreignKeyCheck()) {
                buildsLeft.merge(s.table(), 1, Integer::sum);
            }
        }
    }

    /** Runs every step on at most {@code connections} threads; returns the failures' messages (empty when all succeeded). */
    List<String> run(int connections) {
        int n = Math.max(1, Math.min(connections, waiting.size()));
        if (waiting.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "ferry-rebuild");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                workers.add(pool.submit(this::work));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(ErrorCode.FAILURE, "Interrupted while rebuilding indexes and foreign keys", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new FerryException(ErrorCode.FAILURE, e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return List.copyOf(failures);
    }

    /** The order the steps started in (for tests). */
    List<Step> started() {
        return List.copyOf(started);
    }

    private void work() {
        try {
            for (Step s = take(); s != null; s = take()) {
                try {
                    s.work().run();
                } catch (FerryException e) {
                    failures.add(e.getMessage());
                } finally {
                    finished(s);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(ErrorCode.FAILURE, "Interrupted while rebuilding indexes and foreign keys", e);
        }
    }

    /** The next step that can start, waiting while the only ones left must wait for others; null when none is left. */
    private synchronized Step take() throws InterruptedException {
        while (!waiting.isEmpty()) {
            for (int i = 0; i < waiting.size(); i++) {
                Step s = waiting.get(i);
                if (!s.foreignKeyCheck() || (buildsLeft.getOrDefault(s.table(), 0) == 0 && !checking.contains(s.table()))) {
                    waiting.remove(i);
                    if (s.foreignKeyCheck()) {
                        checking.add(s.table());
                    }
                    started.add(s);
                    return s;
                }
            }
            wait();
        }
        return null;
    }

    private synchronized void finished(Step s) {
        if (s.foreignKeyCheck()) {
            checking.remove(s.table());
        } else {
            buildsLeft.merge(s.table(), -1, Integer::sum);
        }
        notifyAll();
    }
}
