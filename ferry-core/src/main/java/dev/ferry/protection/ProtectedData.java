package dev.ferry.protection;

import dev.ferry.config.ProtectedDataDeclaration;
import java.util.List;

/** Everything declared under {@code protected_data}, with its JSON Schemas read and checked. */
public record ProtectedData(List<ProtectedTable> tables, int keepSnapshots, ProtectedDataDeclaration declaration) {
    public static final int DEFAULT_KEEP = 10;

    public boolean isEmpty() {
        return tables.isEmpty();
    }

    public ProtectedTable table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }
}
