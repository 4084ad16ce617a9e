package dev.ferry.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The protected-data section together with where it came from, so that later checks (a schema
 * file that does not parse, a table that does not exist) can name the line that declared it.
 */
public record ProtectedDataDeclaration(ProtectedDataSection section, YamlDocument document, Path projectDir) {

    /** "ferry.yaml:12:5" for a key path below {@code protected_data}. */
    public String where(String... path) {
        List<String> full = new java.util.ArrayList<>(List.of("protected_data"));
        full.addAll(List.of(path));
        return document == null ? ConfigLoader.FILE_NAME : document.where(full);
    }

    public boolean isEmpty() {
        return section.tables().isEmpty();
    }
}
