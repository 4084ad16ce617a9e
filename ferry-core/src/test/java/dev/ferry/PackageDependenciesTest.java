package dev.ferry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between ferry-core's packages point one way: capabilities use the database layer
 * and the kernel ({@code FerryException}, {@code ErrorCode}), and only the wiring ({@link Ferry})
 * uses every capability. Read from the sources, so a new import that closes a cycle fails here.
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Set<String> WIRING = Set.of("Ferry", "Environments");
    private static final String WIRING_NODE = "dev.ferry (wiring)";
    private static final String KERNEL_NODE = "dev.ferry (kernel)";
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.ferry((?:\\.[a-z]\\w*)*)\\.([A-Z]\\w*)");
    private static final Pattern ROOT_WIRING_NAME = Pattern.compile("\\b(?:Ferry|Environments)\\b");

    @Test
    void noPackageDependsOnAnotherThatDependsBackOnIt() {
        Map<String, Set<String>> graph = graph();
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            List<String> cycle = cycleFrom(start, graph);
            if (cycle != null) {
                cycles.add(String.join(" -> ", cycle));
            }
        }
        assertThat(graph).containsKeys("dev.ferry.transfer", "dev.ferry.verify", WIRING_NODE);
        assertThat(cycles).as("package cycles").isEmpty();
    }

    @Test
    void onlyTheWiringUsesTheFerryFacade() {
        List<String> users = new ArrayList<>();
        for (Source s : sources()) {
            if (s.node().equals(WIRING_NODE)) {
                continue;
            }
            if (s.references().contains(WIRING_NODE)) {
                users.add(s.file().toString());
            }
        }
        assertThat(users).as("classes in ferry-core that use Ferry itself").isEmpty();
    }

    /** Finds a path from {@code start} back to itself, or null. */
    private static List<String> cycleFrom(String start, Map<String, Set<String>> graph) {
        Deque<List<String>> paths = new ArrayDeque<>();
        paths.push(List.of(start));
        Set<String> seen = new TreeSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.pop();
            for (String next : graph.getOrDefault(path.get(path.size() - 1), Set.of())) {
                List<String> longer = new ArrayList<>(path);
                longer.add(next);
                if (next.equals(start)) {
                    return longer;
                }
                if (seen.add(next)) {
                    paths.push(longer);
                }
            }
        }
        return null;
    }

    private static Map<String, Set<String>> graph() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Source s : sources()) {
            Set<String> edges = graph.computeIfAbsent(s.node(), k -> new TreeSet<>());
            s.references().stream().filter(r -> !r.equals(s.node())).forEach(edges::add);
        }
        return graph;
    }

    private record Source(Path file, String node, Set<String> references) {
    }

    private static List<Source> sources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).map(PackageDependenciesTest::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Source read(Path file) {
        String text;
        try {
            text = withoutComments(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher pkg = PACKAGE.matcher(text);
        String pkgName = pkg.find() ? pkg.group(1) : "";
        String className = file.getFileName().toString().replace(".java", "");
        String node = node(pkgName, className);
        Set<String> refs = new TreeSet<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            refs.add(node("dev.ferry" + m.group(1), m.group(2)));
        }
        if (pkgName.equals("dev.ferry") && !WIRING.contains(className) && ROOT_WIRING_NAME.matcher(text).find()) {
            refs.add(WIRING_NODE); // the kernel names the facade without an import
        }
        return new Source(file, node, refs);
    }

    private static String node(String pkg, String className) {
        if (!pkg.equals("dev.ferry")) {
            return pkg;
        }
        return WIRING.contains(className) ? WIRING_NODE : KERNEL_NODE;
    }

    /** The code alone: comments, string and character literals (text blocks too) become blanks. */
    static String withoutComments(String java) {
        StringBuilder out = new StringBuilder(java.length());
        int i = 0;
        while (i < java.length()) {
            if (java.startsWith("//", i)) {
                i = skipTo(java, "\n", i + 2) - 1;
            } else if (java.startsWith("/*", i)) {
                i = skipTo(java, "*/", i + 2);
            } else if (java.startsWith("\"\"\"", i)) {
                i = skipTo(java, "\"\"\"", i + 3);
            } else if (java.charAt(i) == '"' || java.charAt(i) == '\'') {
                char quote = java.charAt(i++);
                while (i < java.length() && java.charAt(i) != quote) {
                    i += java.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else {
                out.append(java.charAt(i++));
                continue;
            }
            out.append(' ');
        }
        return out.toString();
    }

    private static int skipTo(String text, String end, int from) {
        int at = text.indexOf(end, from);
        return at < 0 ? text.length() : at + end.length();
    }
}
