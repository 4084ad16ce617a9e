package dev.ferry.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Client threads writing while a test runs phases; each runs until {@link #stop} and returns its counts. */
public final class Writers {
    /** One writer: writes until {@code stop} is set, then returns what it counted. */
    @FunctionalInterface
    public interface Writer {
        long[] write(AtomicBoolean stop) throws Exception;
    }

    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService pool;
    private final List<Future<long[]>> running = new ArrayList<>();

    private Writers(int count) {
        pool = Executors.newFixedThreadPool(count);
    }

    /** Starts the writers and gives them a moment to begin. */
    public static Writers start(Writer... writers) throws InterruptedException {
        Writers w = new Writers(writers.length);
        for (Writer writer : writers) {
            w.running.add(w.pool.submit(() -> writer.write(w.stop)));
        }
        Thread.sleep(200);
        return w;
    }

    /** Stops them and returns each one's counts, in the order they were given; a writer's failure fails the test here. */
    public List<long[]> stop() throws Exception {
        stop.set(true);
        List<long[]> out = new ArrayList<>();
        try {
            for (Future<long[]> f : running) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }
}
