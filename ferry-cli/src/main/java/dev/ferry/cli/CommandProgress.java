package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.run.Json;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Progress for a command that runs quietly for a long time (generate, backup, restore, verify),
 * read from the run's own log as the engine writes it: on a terminal one line that updates in
 * place (tables done, rows, elapsed time), elsewhere a line per table. A command that keeps no
 * log still shows the time it has been working, so a long wait never looks like a hang.
 */
final class CommandProgress implements AutoCloseable {
    private static final long POLL_MILLIS = 250;

    private final String label;
    private final Terminal terminal;
    private final LiveLines live;
    private final Path logs;
    private final Set<Path> before = new HashSet<>();
    private final long started = System.nanoTime();
    private final Thread watcher;
    private volatile boolean stopping;
    private Path log;
    private long offset;
    private int tables = -1;
    private int done;
    private long rows;
    private String last;

    private CommandProgress(String label, Terminal terminal, Path logs) {
        this.label = label;
        this.terminal = terminal;
        this.live = terminal.live() ? new LiveLines(terminal) : null;
        this.logs = logs;
        before.addAll(list());
        this.watcher = new Thread(this::watch, "ferry-progress");
        watcher.setDaemon(true);
    }

    /** Starts showing progress of {@code label}; {@code logs} is the project's log folder, or null when the command keeps none. */
    static CommandProgress start(String label, Path logs, boolean quiet) {
        CommandProgress p = new CommandProgress(label, Terminal.stderr(), logs);
        if (!quiet) {
            p.watcher.start();
        }
        return p;
    }

    private void watch() {
        while (!stopping) {
            step();
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void step() {
        read();
        if (live != null) {
            live.draw(List.of(line()));
        }
    }

    private String line() {
        StringBuilder sb = new StringBuilder("  ").append(label).append(": ");
        if (done > 0 || tables > 0) {
            sb.append(done).append(tables > 0 ? " of " + tables : "").append(" tables, ").append(Numbers.grouped(rows)).append(" rows, ");
        }
        sb.append(Numbers.duration((System.nanoTime() - started) / 1_000_000_000L));
        return last == null ? sb.toString() : sb.append(" (last: ").append(last).append(')').toString();
    }

    /** Reads what the run's log gained since the last look. */
    private void read() {
        if (log == null) {
            log = list().stream().filter(f -> !before.contains(f)).findFirst().orElse(null);
            if (log == null) {
                return;
            }
        }
        try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
            in.seek(offset);
            byte[] bytes = new byte[(int) Math.max(0, in.length() - offset)];
            in.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return;
            }
            offset += text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8).length;
            for (String line : text.substring(0, end).split("\n")) {
                if (!line.isBlank()) {
                    event(Json.mapper().readTree(line));
                }
            }
        } catch (IOException e) {
            log = null; // gone or unreadable: progress is a courtesy, the command's own result still comes
        }
    }

    private void event(JsonNode e) {
        switch (e.path("event").asText()) {
            case "backup_started" -> tables = e.path("tables").asInt(-1);
            case "table_dumped", "table_restored" -> {
                done++;
                rows += e.path("rows").asLong();
                last = e.path("table").asText();
                if (live == null) {
                    terminal.out().println("  " + last + ": " + Numbers.grouped(e.path("rows").asLong()) + " rows");
                }
            }
            default -> {
            }
        }
    }

    private List<Path> list() {
        if (logs == null || !Files.isDirectory(logs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(logs)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Stops watching and takes the live line away; the command prints its result next. */
    @Override
    public void close() {
        stopping = true;
        watcher.interrupt();
        try {
            watcher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (watcher.getState() == Thread.State.NEW) {
            return; // quiet: never shown
        }
        synchronized (this) {
            read(); // the tables finished since the last look still get their line
            if (live != null) {
                live.draw(List.of());
            }
        }
    }
}
