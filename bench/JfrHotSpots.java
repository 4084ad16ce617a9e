import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a Flight Recorder recording says the JVM spent its time: the methods, classes and
 * packages most often on top of the sampled stacks (self), the methods most often anywhere on
 * them (total), the threads, the places that allocate the most bytes, and the garbage collector's
 * share. JDK 17's {@code jfr} tool prints events but does not aggregate them.
 *
 * <pre>java bench/JfrHotSpots.java recording.jfr [rows-per-list]</pre>
 */
public class JfrHotSpots {
    private final Map<String, Long> selfMethod = new HashMap<>();
    private final Map<String, Long> selfClass = new HashMap<>();
    private final Map<String, Long> selfPackage = new HashMap<>();
    private final Map<String, Long> totalMethod = new HashMap<>();
    private final Map<String, Long> threads = new HashMap<>();
    private final Map<String, Long> allocSite = new HashMap<>();
    private final Map<String, Long> allocType = new HashMap<>();
    private long samples;
    private long allocated;
    private long gcs;
    private long gcNanos;
    private long peakHeap;

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java bench/JfrHotSpots.java recording.jfr [rows-per-list]");
            System.exit(2);
        }
        JfrHotSpots spots = new JfrHotSpots();
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            spots.add(e);
        }
        spots.print(args.length > 1 ? Integer.parseInt(args[1]) : 15);
    }

    private void add(RecordedEvent e) {
        switch (e.getEventType().getName()) {
            case "jdk.ExecutionSample" -> addSample(e);
            case "jdk.ObjectAllocationSample" -> addAllocation(e);
            case "jdk.GarbageCollection" -> {
                gcs++;
                gcNanos += e.getDuration("sumOfPauses").toNanos();
            }
            case "jdk.GCHeapSummary" -> peakHeap = Math.max(peakHeap, e.getLong("heapUsed"));
            default -> {
            }
        }
    }

    private void addSample(RecordedEvent e) {
        RecordedStackTrace stack = e.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        samples++;
        List<RecordedFrame> frames = stack.getFrames();
        RecordedMethod top = frames.get(0).getMethod();
        String type = top.getType().getName();
        add(selfMethod, method(top));
        add(selfClass, type);
        int dot = type.lastIndexOf('.');
        add(selfPackage, dot < 0 ? "(default)" : type.substring(0, dot));
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : frames) {
            String m = method(f.getMethod());
            if (seen.add(m)) {
                add(totalMethod, m);
            }
        }
        var thread = e.getThread("sampledThread");
        add(threads, thread == null ? "?" : thread.getJavaName().replaceAll("[0-9]+", "N"));
    }

    private void addAllocation(RecordedEvent e) {
        long weight = e.getLong("weight");
        allocated += weight;
        allocType.merge(e.getClass("objectClass").getName(), weight, Long::sum);
        RecordedStackTrace stack = e.getStackTrace();
        if (stack != null && !stack.getFrames().isEmpty()) {
            allocSite.merge(firstOwnFrame(stack.getFrames()), weight, Long::sum);
        }
    }

    /** The allocating frame outside the JDK, so that a String built by a Ferry class names that class. */
    private static String firstOwnFrame(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return method(f.getMethod());
            }
        }
        return method(frames.get(0).getMethod());
    }

    private static String method(RecordedMethod m) {
        return m.getType().getName() + "." + m.getName();
    }

    private static void add(Map<String, Long> counts, String key) {
        counts.merge(key, 1L, Long::sum);
    }

    private void print(int rows) {
        System.out.printf("JFR: %d execution samples (Java code only: GC, JIT and waiting for the database are not in them)%n", samples);
        Function<Long, String> share = n -> String.format("%5.1f%%", 100.0 * n / Math.max(1, samples));
        list("self, by method", selfMethod, rows, share);
        list("self, by class", selfClass, rows, share);
        list("self, by package", selfPackage, rows, share);
        list("total (anywhere on the stack), by method", totalMethod, rows, share);
        list("by thread", threads, rows, share);
        Function<Long, String> mb = n -> String.format("%7.0f MB %5.1f%%", n / 1048576.0, 100.0 * n / Math.max(1, allocated));
        System.out.printf("allocation (sampled estimate): %.0f MB in all%n", allocated / 1048576.0);
        list("allocation, by first non-JDK frame", allocSite, rows, mb);
        list("allocation, by type", allocType, rows, mb);
        System.out.printf("GC: %d collections, %.2f s of pauses, peak heap used %.0f MB%n",
                gcs, gcNanos / 1e9, peakHeap / 1048576.0);
    }

    private static void list(String title, Map<String, Long> counts, int rows, Function<Long, String> figure) {
        System.out.println(title + ":");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(rows)
                .forEach(en -> System.out.println("  " + figure.apply(en.getValue()) + "  " + en.getKey()));
    }
}
