package dev.ferry.seed;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.FerryException;
import dev.ferry.migration.Checksum;
import dev.ferry.run.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML seed file: {@code table:}, optional {@code key: [cols]} and {@code essential: true}, and
 * {@code rows:}, a list of mappings from column to value. A nested mapping or list becomes JSON
 * text (for JSON columns). The file is read as a stream of tokens, one row at a time.
 */
final class YamlSeed implements SeedRows {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String KEYS = "table, key, essential, rows";

    private final SeedFile file;

    YamlSeed(SeedFile file) {
        this.file = file;
    }

    static SeedFile scan(Path path, String name, String display) {
        String[] table = {null};
        List<String> key = new ArrayList<>();
        boolean[] essential = {false};
        Map<String, Integer> columns = new LinkedHashMap<>();
        long[] rows = {0};
        read(path, display, new Handler() {
            @Override
            public void header(String field, JsonParser p, int line) throws IOException {
                switch (field) {
                    case "table" -> table[0] = scalar(p, display, line, "table");
                    case "essential" -> essential[0] = bool(p, display, line);
                    case "key" -> key.addAll(names(p, display, line));
                    default -> throw FerryException.invalidInput(display + ":" + line + ": unknown key '" + field + "'; known keys here: " + KEYS);
                }
            }

            @Override
            public void row(SeedRow row, Map<String, Integer> fieldLines) {
                fieldLines.forEach(columns::putIfAbsent);
                rows[0]++;
            }
        });
        if (table[0] == null || table[0].isBlank()) {
            throw FerryException.invalidInput(display + ": no 'table:'; a YAML seed file names its table, e.g. table: offices");
        }
        return new SeedFile(path, name, display, SeedKind.YAML, Checksum.of(path), essential[0], table[0].strip(), List.copyOf(key),
                columns, rows[0]);
    }

    @Override
    public void forEach(Visitor visitor) throws SQLException {
        SQLException[] failure = {null};
        read(file.path(), file.display(), new Handler() {
            @Override
            public void header(String field, JsonParser p, int line) throws IOException {
                p.skipChildren();
            }

            @Override
            public void row(SeedRow row, Map<String, Integer> fieldLines) throws IOException {
                try {
                    visitor.row(row);
                } catch (SQLException e) {
                    failure[0] = e;
                    throw new StopReading();
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** What the reader found: a top-level key other than {@code rows}, or one row. */
    private interface Handler {
        void header(String field, JsonParser p, int line) throws IOException;

        void row(SeedRow row, Map<String, Integer> fieldLines) throws IOException;
    }

    /** Ends a read early once a row has failed. */
    private static final class StopReading extends IOException {
        StopReading() {
            super(null, null);
        }
    }

    private static void read(Path path, String display, Handler handler) {
        try (JsonParser p = YAML.createParser(path.toFile())) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw FerryException.invalidInput(display + ": the file is empty; write table: and rows:");
            }
            if (t != JsonToken.START_OBJECT) {
                throw FerryException.invalidInput(display + ":" + line(p) + ": expected a mapping with table: and rows:");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                int line = line(p);
                p.nextToken();
                if (field.equals("rows")) {
                    rows(p, display, line, handler);
                } else {
                    handler.header(field, p, line);
                }
            }
        } catch (StopReading stop) {
            // A row failed; the caller rethrows its error.
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw FerryException.invalidInput(display + (line > 0 ? ":" + line : "") + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw FerryException.failure("Cannot read " + display + ": " + e.getMessage(), e);
        }
    }

    private static void rows(JsonParser p, String display, int line, Handler handler) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw FerryException.invalidInput(display + ":" + line + ": 'rows' must be a list of mappings, e.g. rows:\n  - {id: 1, name: x}");
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int rowLine = line(p);
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw FerryException.invalidInput(display + ":" + rowLine + ": each row must be a mapping of column: value");
            }
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, Integer> fieldLines = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String column = p.currentName();
                fieldLines.put(column, line(p));
                p.nextToken();
                values.put(column, value(p));
            }
            handler.row(new SeedRow(rowLine, values), fieldLines);
        }
    }

    private static String value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            return Json.mapper().writeValueAsString(p.readValueAsTree());
        }
        return p.getText();
    }

    private static String scalar(JsonParser p, String display, int line, String field) throws IOException {
        if (!p.currentToken().isScalarValue()) {
            throw FerryException.invalidInput(display + ":" + line + ": '" + field + "' must be a single name");
        }
        return p.getText();
    }

    private static boolean bool(JsonParser p, String display, int line) {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw FerryException.invalidInput(display + ":" + line + ": 'essential' must be true or false");
        }
        return t == JsonToken.VALUE_TRUE;
    }

    private static List<String> names(JsonParser p, String display, int line) throws IOException {
        if (p.currentToken().isScalarValue()) {
            return List.of(p.getText());
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw FerryException.invalidInput(display + ":" + line + ": 'key' must be a column or a list of columns, e.g. key: [email]");
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(scalar(p, display, line, "key"));
        }
        return out;
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
