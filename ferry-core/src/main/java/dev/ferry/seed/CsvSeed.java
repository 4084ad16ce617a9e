package dev.ferry.seed;

import dev.ferry.FerryException;
import dev.ferry.migration.Checksum;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV seed file: an optional block of {@code #} lines ({@code # ferry:table NAME},
 * {@code # ferry:key COL,COL}, {@code # ferry:essential}, other text is a comment), then a header
 * row of column names, then one row per line. The table is named by the file
 * ({@code 020_profiles.csv} fills {@code profiles}) unless {@code ferry:table} says otherwise.
 */
final class CsvSeed implements SeedRows {
    private final SeedFile file;

    CsvSeed(SeedFile file) {
        this.file = file;
    }

    static SeedFile scan(Path path, String name, String display) {
        try (CsvReader csv = open(path, display)) {
            String table = SeedScanner.tableFromFileName(path);
            List<String> key = List.of();
            boolean essential = false;
            for (CsvReader.Record comment : csv.leadingComments()) {
                String text = comment.fields().get(0);
                if (!text.toLowerCase(Locale.ROOT).startsWith("ferry:")) {
                    continue;
                }
                String directive = text.substring("ferry:".length()).strip();
                String word = directive.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
                String value = directive.substring(word.length()).strip();
                switch (word) {
                    case "essential" -> essential = true;
                    case "table" -> table = requireValue(display, comment.line(), word, value);
                    case "key" -> key = List.of(requireValue(display, comment.line(), word, value).split("\\s*,\\s*"));
                    default -> throw FerryException.invalidInput(display + ":" + comment.line() + ": unknown directive 'ferry:" + word
                            + "'; known: ferry:table NAME, ferry:key COL[,COL], ferry:essential");
                }
            }
            CsvReader.Record header = csv.next();
            if (header == null) {
                throw FerryException.invalidInput(display + ": no header row; the first line must name the columns, e.g. id,name");
            }
            Map<String, Integer> columns = new LinkedHashMap<>();
            for (String column : header.fields()) {
                if (column == null || column.isBlank()) {
                    throw FerryException.invalidInput(display + ":" + header.line() + ": the header has an empty column name");
                }
                if (columns.putIfAbsent(column.strip(), header.line()) != null) {
                    throw FerryException.invalidInput(display + ":" + header.line() + ": column '" + column.strip() + "' appears twice in the header");
                }
            }
            long rows = 0;
            for (CsvReader.Record r = csv.next(); r != null; r = csv.next()) {
                checkWidth(display, r, columns.size());
                rows++;
            }
            return new SeedFile(path, name, display, SeedKind.CSV, Checksum.of(path), essential, table, key, columns, rows);
        } catch (IOException e) {
            throw FerryException.failure("Cannot read " + display + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void forEach(Visitor visitor) throws SQLException {
        try (CsvReader csv = open(file.path(), file.display())) {
            csv.leadingComments();
            List<String> columns = new ArrayList<>(csv.next().fields().stream().map(String::strip).toList());
            for (CsvReader.Record r = csv.next(); r != null; r = csv.next()) {
                checkWidth(file.display(), r, columns.size());
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    values.put(columns.get(i), r.fields().get(i));
                }
                visitor.row(new SeedRow(r.line(), values));
            }
        } catch (IOException e) {
            throw FerryException.failure("Cannot read " + file.display() + ": " + e.getMessage(), e);
        }
    }

    private static void checkWidth(String display, CsvReader.Record r, int width) {
        if (r.fields().size() != width) {
            throw FerryException.invalidInput(display + ":" + r.line() + ": " + r.fields().size() + " value(s) for " + width
                    + " column(s); quote values that contain commas");
        }
    }

    private static String requireValue(String display, int line, String word, String value) {
        if (value.isEmpty()) {
            throw FerryException.invalidInput(display + ":" + line + ": 'ferry:" + word + "' needs a value");
        }
        return value;
    }

    private static CsvReader open(Path path, String display) throws IOException {
        BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return new CsvReader(reader, display);
    }
}
