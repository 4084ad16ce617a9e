package dev.ferry.migration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What scanning the locations found: migrations, callbacks, notes about ignored files, and naming errors. */
public final class ScanResult {
    private final List<Migration> migrations = new ArrayList<>();
    private final List<CallbackScript> callbacks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    void add(Migration m) {
        migrations.add(m);
    }

    void addCallback(CallbackScript c) {
        callbacks.add(c);
    }

    void note(Path file, String text) {
        if (file.getFileName() != null && file.getFileName().toString().endsWith(".class")) {
            return; // a class beside scripts in a classpath: location is read by the class scan, not ignored
        }
        notes.add(file + ": " + text);
    }

    void error(Path file, String text) {
        errors.add(file + ": " + text);
    }

    public List<Migration> migrations() {
        return migrations;
    }

    public List<CallbackScript> callbacks() {
        return callbacks;
    }

    public List<String> notes() {
        return notes;
    }

    /** Problems that make the set of migrations unreliable, e.g. a .sql file with a name no layout accepts. */
    public List<String> errors() {
        return errors;
    }
}
