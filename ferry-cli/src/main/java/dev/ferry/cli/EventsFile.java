package dev.ferry.cli;

import dev.ferry.FerryException;
import dev.ferry.run.Json;
import dev.ferry.transfer.TransferEvent;
import dev.ferry.transfer.TransferListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --events FILE}: every transfer event as one JSON line, for dashboards and scripts. */
final class EventsFile implements TransferListener, AutoCloseable {
    private final BufferedWriter out;
    private final Path file;

    EventsFile(Path file) {
        this.file = file;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw FerryException.invalidInput("Cannot write events to " + file + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void onEvent(TransferEvent e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", e.time().toString());
        line.put("run", e.run());
        line.put("event", e.name());
        if (e.entity() != null) {
            line.put("entity", e.entity());
        }
        line.putAll(e.fields());
        try {
            out.write(Json.mapper().writeValueAsString(line));
            out.newLine();
            out.flush();
        } catch (IOException x) {
            throw FerryException.failure("Cannot write events to " + file + ": " + x.getMessage(), x);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw FerryException.failure("Cannot close " + file, e);
        }
    }
}
