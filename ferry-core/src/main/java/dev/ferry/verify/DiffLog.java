package dev.ferry.verify;

import dev.ferry.FerryException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The forensic diff file: one CSV line per missing row or differing column. A null file writes nothing. */
final class DiffLog implements AutoCloseable {
    private final BufferedWriter out;
    private final Path file;

    DiffLog(Path file) {
        this.file = file;
        try {
            if (file == null) {
                out = null;
                return;
            }
            Files.createDirectories(file.getParent());
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write("entity,kind,legacy_key,new_key,column,expected,found\n");
        } catch (IOException e) {
            throw FerryException.failure("Cannot write the diff file " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized void write(String entity, String kind, String legacyKey, String newKey, String column, String expected, String found) {
        if (out == null) {
            return;
        }
        try {
            out.write(String.join(",", cell(entity), cell(kind), cell(legacyKey), cell(newKey), cell(column), cell(expected), cell(found)));
            out.newLine();
        } catch (IOException e) {
            throw FerryException.failure("Cannot write the diff file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String cell(String s) {
        return s == null ? "" : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw FerryException.failure("Cannot close the diff file " + file, e);
            }
        }
    }
}
