package dev.ferry.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.run.html.HtmlReports;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record a state-changing command leaves behind: a run id, a JSON-lines event log under
 * {@code .ferry/logs/} and a JSON report under {@code .ferry/reports/}. Callers pass only
 * redacted values; nothing here ever sees a password.
 *
 * <p>Every log opens with {@code run_started} and, through {@link #run}, closes with exactly one
 * {@code run_finished} or {@code run_failed} carrying the same fields for every command, so a
 * reader never has to know which command wrote it to tell how the run ended.
 */
public final class RunJournal implements AutoCloseable {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String runId;
    private final String command;
    private final Path logFile;
    private final Path reportDir;
    private final BufferedWriter log;
    private final Map<String, Object> summary = new LinkedHashMap<>();

    private RunJournal(String runId, String command, Path logFile, Path reportDir, BufferedWriter log) {
        this.runId = runId;
        this.command = command;
        this.logFile = logFile;
        this.reportDir = reportDir;
        this.log = log;
    }

    /** The work of one journaled run; it may throw the checked exception its caller wraps. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run(RunJournal journal) throws E;
    }

    /**
     * Starts a journal, runs the work and closes the log with {@code run_finished} (command,
     * {@code status: ok}, duration, then any {@link #summary} fields) or, when the work throws,
     * with {@code run_failed} (command, {@code status: failed}, duration, error code, exit code
     * and message) before the exception goes on unchanged.
     *
     * @param context the fields of {@code run_started}: redacted URLs only
     */
    public static <T, E extends Exception> T run(Path stateDir, String command, Map<String, Object> context, Work<T, E> work) throws E {
        long started = System.nanoTime();
        try (RunJournal journal = start(stateDir, command, context)) {
            T result;
            try {
                result = work.run(journal);
            } catch (Throwable e) {
                journal.failed(e, started);
                throw e;
            }
            journal.finished(started);
            return result;
        }
    }

    /**
     * Fields to add to this run's {@code run_finished} event, such as counts or the archive written;
     * a {@code status} here replaces {@code ok} for a command that finished but reports a failure.
     */
    public synchronized void summary(Map<String, ?> fields) {
        summary.putAll(fields);
    }

    private void finished(long started) {
        Map<String, Object> fields = closing("ok", started);
        fields.putAll(summary);
        event("run_finished", fields);
    }

    private void failed(Throwable e, long started) {
        ErrorCode code = e instanceof FerryException f ? f.code() : ErrorCode.FAILURE;
        Map<String, Object> fields = closing("failed", started);
        fields.put("error_code", code.name());
        fields.put("exit_code", code.exitCode());
        fields.put("error", String.valueOf(e.getMessage()));
        try {
            event("run_failed", fields);
        } catch (RuntimeException logFailure) {
            e.addSuppressed(logFailure);
        }
    }

    private Map<String, Object> closing(String status, long started) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("command", command);
        fields.put("status", status);
        fields.put("duration_ms", (System.nanoTime() - started) / 1_000_000);
        return fields;
    }

    /** Starts a journal for one command run in the project's state directory. */
    private static RunJournal start(Path stateDir, String command, Map<String, Object> context) {
        Path logs = stateDir.resolve("logs");
        Path reports = stateDir.resolve("reports");
        try {
            Files.createDirectories(logs);
            Files.createDirectories(reports);
            String runId = newRunId();
            Path logFile = logs.resolve(runId + ".jsonl");
            BufferedWriter writer = null;
            for (int attempt = 1; writer == null; attempt++) {
                try {
                    writer = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // Another run of the same second drew the same suffix (one in 65,536): draw again.
                    if (attempt == 20) {
                        throw e;
                    }
                    runId = newRunId();
                    logFile = logs.resolve(runId + ".jsonl");
                }
            }
            RunJournal journal = new RunJournal(runId, command, logFile, reports, writer);
            Map<String, Object> fields = new LinkedHashMap<>(context);
            fields.put("command", command);
            journal.event("run_started", fields);
            return journal;
        } catch (IOException e) {
            throw FerryException.failure("Cannot write the run log under " + logs + ": " + e.getMessage(), e);
        }
    }

    public static String newRunId() {
        return ID_TIME.format(Instant.now()) + "-" + String.format("%04x", RANDOM.nextInt(0x10000));
    }

    public String runId() {
        return runId;
    }

    /** The command this run records, as its report's name says it ({@code rekey-expand}). */
    public String command() {
        return command;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized void event(String name, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("run", runId);
        line.put("event", name);
        line.putAll(fields);
        try {
            log.write(Json.mapper().writeValueAsString(line));
            log.newLine();
            log.flush();
        } catch (IOException e) {
            throw FerryException.failure("Cannot write the run log " + logFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the command's result object as its JSON report, and beside it the HTML page for
     * people ({@code <run>-<command>.html}, with the run's events so far), and returns the JSON file.
     */
    public Path report(Object result) {
        Path file = reportDir.resolve(runId + "-" + command + ".json");
        try {
            Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
            log.flush();
            HtmlReports.write(file, command, runId, Json.mapper().valueToTree(result), logFile);
            return file;
        } catch (JsonProcessingException e) {
            throw FerryException.failure("Cannot render the report: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw FerryException.failure("Cannot write the report " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            log.close();
        } catch (IOException e) {
            throw FerryException.failure("Cannot close the run log " + logFile + ": " + e.getMessage(), e);
        }
    }
}
