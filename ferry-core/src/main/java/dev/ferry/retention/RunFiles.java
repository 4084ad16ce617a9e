package dev.ferry.retention;

import dev.ferry.FerryException;
import dev.ferry.config.RetentionKind;
import dev.ferry.config.RetentionRule;
import dev.ferry.run.RunJournal;
import dev.ferry.transfer.TransferRun;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Run logs ({@code .ferry/logs/<run>.jsonl}) and reports ({@code .ferry/reports/<run>-*}), one
 * candidate per run, dated by its run id. The files of a resumable transfer run stay, and so does
 * a log that has not closed yet and was written to lately: that run may still be going.
 */
final class RunFiles implements Holdings<List<Path>> {
    private static final Pattern RUN_ID = Pattern.compile("(\\d{8}-\\d{6}-[0-9a-f]{4})(?:\\.jsonl|-.+)");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** A log without its closing line written to within this long may belong to a run still going. */
    static final Duration MAYBE_RUNNING = Duration.ofDays(1);

    private final Path stateDir;
    private final ActiveRuns active;

    RunFiles(Path stateDir, ActiveRuns active) {
        this.stateDir = stateDir;
        this.active = active;
    }

    @Override
    public RetentionKind kind() {
        return RetentionKind.RUNS;
    }

    @Override
    public List<Candidate<List<Path>>> candidates(RetentionRule rule, Instant now) {
        Map<String, List<Path>> byRun = new TreeMap<>();
        for (String folder : List.of("logs", "reports")) {
            Path dir = stateDir.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Matcher m = RUN_ID.matcher(f.getFileName().toString());
                    if (m.matches() && Files.isRegularFile(f)) {
                        byRun.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(f);
                    }
                }
            } catch (IOException e) {
                throw FerryException.failure("Cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        List<Candidate<List<Path>>> out = new ArrayList<>();
        byRun.forEach((runId, files) -> {
            Instant at = time(runId);
            if (at != null) {
                out.add(Candidate.of(files, runId + " (" + files.size() + " file(s))", at, pinned(runId, files, now)));
            }
        });
        out.sort(Comparator.comparing((Candidate<List<Path>> c) -> c.at()).reversed());
        return out;
    }

    private String pinned(String runId, List<Path> files, Instant now) {
        TransferRun run = active.byId(runId);
        if (run != null) {
            return "log of " + ActiveRuns.needs(run);
        }
        Path log = stateDir.resolve("logs").resolve(runId + ".jsonl");
        if (files.contains(log) && !closed(log) && modifiedSince(log, now.minus(MAYBE_RUNNING))) {
            return "the run has not finished its log and wrote to it within " + MAYBE_RUNNING.toHours() + "h: it may still be going";
        }
        return null;
    }

    private static Instant time(String runId) {
        try {
            return Instant.from(ID_TIME.parse(runId.substring(0, 15)));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Whether the log's last line is its run_finished or run_failed event. */
    private static boolean closed(Path log) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length();
            int n = (int) Math.min(length, 4096);
            byte[] tail = new byte[n];
            f.seek(length - n);
            f.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8).stripTrailing();
            String last = text.substring(text.lastIndexOf('\n') + 1);
            return last.contains("\"event\":\"run_finished\"") || last.contains("\"event\":\"run_failed\"");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean modifiedSince(Path f, Instant since) {
        try {
            return Files.getLastModifiedTime(f).toInstant().isAfter(since);
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void delete(List<Candidate<List<Path>>> doomed, RunJournal journal) {
        for (Candidate<List<Path>> c : doomed) {
            for (Path f : c.item()) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw FerryException.failure("Cannot delete " + f + ": " + e.getMessage() + "; check the folder's permissions, then prune again", e);
                }
            }
            journal.event("run_files_deleted", Map.of("run_id", c.name().split(" ")[0], "files", c.item().size()));
        }
    }
}
