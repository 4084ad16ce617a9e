package dev.ferry.protection;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.run.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A snapshot file as {@code protect snapshot --file} writes it (JSON lines: a header, one line per
 * row, a trailer with the row count and checksum), read one line at a time. {@link #check} proves
 * the whole file before anything is written: its checksum, each row's key and each row against
 * its table's JSON Schemas.
 */
final class SnapshotFile {
    static final String FORMAT = "ferry-protected-snapshot";
    private static final int MAX_PROBLEMS = 20;

    /** The header and trailer of a checked file. */
    record Summary(int version, Instant takenAt, long rows, Set<String> tables, String checksum) {
    }

    interface RowSink {
        void accept(String table, String key, String data) throws SQLException;
    }

    private final Path file;
    private final ProtectedData data;

    SnapshotFile(Path file, ProtectedData data) {
        this.file = file;
        this.data = data;
    }

    /** Reads the whole file; fails with every problem found (exit 3), or returns what it holds. */
    Summary check() {
        return rows((table, key, text) -> {
        });
    }

    /**
     * Streams the rows to {@code sink} while checking them again, so that a file changed since
     * {@link #check} fails the transaction the rows were going into.
     */
    Summary rows(RowSink sink) {
        List<String> problems = new ArrayList<>();
        Summary summary = read(sink, problems);
        if (!problems.isEmpty()) {
            throw new FerryException(ErrorCode.VALIDATION_FAILED, "Snapshot file " + file + " is refused, nothing was written:\n  "
                    + String.join("\n  ", problems.stream().limit(MAX_PROBLEMS).toList())
                    + (problems.size() > MAX_PROBLEMS ? "\n  ... and " + (problems.size() - MAX_PROBLEMS) + " more" : ""));
        }
        return summary;
    }

    private Summary read(RowSink sink, List<String> problems) {
        MessageDigest digest = SnapshotStore.sha256();
        Set<String> tables = new LinkedHashSet<>();
        long rows = 0;
        JsonNode header = null;
        JsonNode trailer = null;
        int line = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                JsonNode node = parse(text, line);
                if (line == 1) {
                    header = node;
                    if (!FORMAT.equals(node.path("format").asText())) {
                        throw FerryException.invalidInput(file + " is not a protected-data snapshot file (its first line has no \"format\": \""
                                + FORMAT + "\"); write one with 'ferry protect snapshot --file F'");
                    }
                } else if (trailer != null) {
                    problems.add("line " + line + ": a line after the checksum line; the file was appended to");
                } else if (node.has("checksum")) {
                    trailer = node;
                } else {
                    rows++;
                    String table = node.path("table").asText();
                    String key = node.path("key").asText();
                    String rendered = rawObject(text, "row");
                    if (!(node.get("row") instanceof ObjectNode) || rendered == null) {
                        problems.add("line " + line + ": no row");
                        continue;
                    }
                    ObjectNode row = ProtectedRows.parseRow(rendered);
                    SnapshotStore.update(digest, table, key, rendered);
                    ProtectedTable t = data.table(table);
                    if (t == null) {
                        problems.add("line " + line + ": table '" + table + "' is not declared under protected_data here");
                        continue;
                    }
                    String actualKey = ProtectedTable.keyText(ProtectedRows.keyOf(row, t.key()));
                    if (!actualKey.equals(key)) {
                        problems.add("line " + line + ": " + table + " row says key '" + key + "' but its " + t.key() + " is '" + actualKey + "'");
                    }
                    for (String p : RowValidator.problems(t, row)) {
                        problems.add("line " + line + ": " + table + " [" + key + "] " + p);
                    }
                    tables.add(table);
                    sink.accept(table, key, rendered);
                }
            }
        } catch (NoSuchFileException e) {
            throw FerryException.invalidInput("Snapshot file " + file + " does not exist");
        } catch (IOException e) {
            throw FerryException.failure("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw FerryException.sql("Importing " + file, e);
        }
        if (header == null) {
            throw FerryException.invalidInput(file + " is empty, not a protected-data snapshot file");
        }
        String actual = SnapshotStore.checksum(digest);
        if (trailer == null) {
            problems.add("no checksum line at the end: the file is cut short");
        } else {
            if (!trailer.path("checksum").asText().equals(actual)) {
                problems.add("checksum " + trailer.path("checksum").asText() + " does not match the rows (" + actual
                        + "): the file was altered or damaged");
            }
            if (trailer.path("rows").asLong(-1) != rows) {
                problems.add("the checksum line counts " + trailer.path("rows").asText() + " row(s), the file holds " + rows);
            }
        }
        Instant takenAt = parseInstant(header.path("taken_at").asText());
        return new Summary(header.path("version").asInt(), takenAt, rows, tables, trailer == null ? actual : trailer.path("checksum").asText());
    }

    /**
     * The text of a top-level object field exactly as the line holds it: the checksum covers the
     * rows as they were rendered, and parsing and rendering again could spell a number otherwise.
     */
    static String rawObject(String line, String field) throws IOException {
        try (JsonParser p = Json.mapper().getFactory().createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(field) && value == JsonToken.START_OBJECT) {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    int end = (int) p.currentLocation().getCharOffset();
                    return line.substring(start, end);
                }
                p.skipChildren();
            }
            return null;
        }
    }

    private JsonNode parse(String text, int line) {
        try {
            return Json.mapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FerryException(ErrorCode.VALIDATION_FAILED, file + ":" + line + ": not a JSON line (" + e.getOriginalMessage()
                    + "); nothing was written");
        } catch (IOException e) {
            throw FerryException.failure("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
