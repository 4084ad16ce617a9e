package dev.ferry.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.FerryException;
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
 */
public final class RunJournal implements AutoCloseable {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String runId;
    private final String command;
    private final Path logFile;
    private final Path reportDir;
    private final BufferedWriter log;

    private RunJournal(String runId, String command, Path logFile, Path reportDir, BufferedWriter log) {
        this.runId = runId;
        this.command = command;
        this.logFile = logFile;
        this.reportDir = reportDir;
        this.log = log;
    }

    /** Starts a journal for one command run in the project's state directory. */
    public static RunJournal start(Path stateDir, String command, Map<String, Object> context) {
        String runId = newRunId();
        Path logs = stateDir.resolve("logs");
        Path reports = stateDir.resolve("reports");
        try {
            Files.createDirectories(logs);
            Files.createDirectories(reports);
            Path logFile = logs.resolve(runId + ".jsonl");
            BufferedWriter writer = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
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

    /** Writes the command's result object as its report and returns the file. */
    public Path report(Object result) {
        Path file = reportDir.resolve(runId + "-" + command + ".json");
        try {
            Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
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
