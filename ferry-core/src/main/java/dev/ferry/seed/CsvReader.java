package dev.ferry.seed;

import dev.ferry.FerryException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV (RFC 4180: comma separated, {@code "} quoted, {@code ""} inside quotes) one record at
 * a time, remembering the line each record starts on so errors can point at it. An empty field
 * that was not quoted is {@code null} (SQL NULL); {@code ""} is the empty string. Blank lines are
 * skipped. Lines starting with {@code #} before the first record are handed out as comments.
 */
final class CsvReader implements AutoCloseable {
    /** One record and the line it starts on. */
    record Record(int line, List<String> fields) {
    }

    private final Reader in;
    private final String fileName;
    private int line = 1;
    private int peeked = -2;

    CsvReader(Reader in, String fileName) {
        this.in = in;
        this.fileName = fileName;
    }

    /** The {@code #} lines at the very top of the file, without the {@code #}, each with its line. */
    List<Record> leadingComments() throws IOException {
        List<Record> comments = new ArrayList<>();
        while (peek() == '#') {
            int at = line;
            read();
            StringBuilder text = new StringBuilder();
            int c;
            while ((c = read()) != -1 && c != '\n') {
                if (c != '\r') {
                    text.append((char) c);
                }
            }
            if (c == '\n') {
                line++;
            }
            comments.add(new Record(at, List.of(text.toString().strip())));
        }
        return comments;
    }

    /** The next record, or {@code null} at the end of the file. */
    Record next() throws IOException {
        while (true) {
            if (peek() == -1) {
                return null;
            }
            Record r = readRecord();
            if (!(r.fields().size() == 1 && r.fields().get(0) == null)) {
                return r;
            }
        }
    }

    private Record readRecord() throws IOException {
        int start = line;
        List<String> fields = new ArrayList<>();
        while (true) {
            int c = peek();
            String field;
            if (c == '"') {
                field = quoted(start);
            } else {
                StringBuilder sb = new StringBuilder();
                while ((c = peek()) != -1 && c != ',' && c != '\n' && c != '\r') {
                    sb.append((char) read());
                }
                field = sb.length() == 0 ? null : sb.toString();
            }
            fields.add(field);
            c = read();
            if (c == ',') {
                continue;
            }
            if (c == '\r' && peek() == '\n') {
                read();
            }
            if (c == '\n' || c == '\r') {
                line++;
            }
            return new Record(start, fields);
        }
    }

    private String quoted(int recordLine) throws IOException {
        int opened = line;
        read();
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = read();
            if (c == -1) {
                throw FerryException.invalidInput(fileName + ":" + opened + ": a quoted value opened here is never closed; add the closing \"");
            }
            if (c == '"') {
                if (peek() == '"') {
                    sb.append((char) read());
                    continue;
                }
                int after = peek();
                if (after != ',' && after != '\n' && after != '\r' && after != -1) {
                    throw FerryException.invalidInput(fileName + ":" + line + ": text after a closing quote (in the record starting on line "
                            + recordLine + "); write a quote inside a quoted value as \"\"");
                }
                return sb.toString();
            }
            if (c == '\n') {
                line++;
            }
            sb.append((char) c);
        }
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }

    private int read() throws IOException {
        int c = peek();
        peeked = -2;
        return c;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
