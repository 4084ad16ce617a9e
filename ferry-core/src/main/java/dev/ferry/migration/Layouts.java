package dev.ferry.migration;

import dev.ferry.FerryException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The known folder layouts, and how {@code layout: auto} picks one per location. */
final class Layouts {
    private static final List<MigrationLayout> ALL = List.of(
            new DieselLayout(), new GolangMigrateLayout(), new FlywayLayout(), new DbmateLayout());

    private Layouts() {
    }

    public static MigrationLayout named(String name) {
        return ALL.stream().filter(l -> l.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> FerryException.invalidInput("Unknown layout '" + name + "'; use auto or one of "
                        + ALL.stream().map(MigrationLayout::name).collect(Collectors.joining(", "))));
    }

    /**
     * The layout for a location: the configured one, or the first whose names the folder holds.
     * An empty or new folder gets Flyway's, the naming most users know.
     */
    public static MigrationLayout forLocation(Path location, String configured) {
        if (configured != null && !configured.equalsIgnoreCase("auto")) {
            return named(configured);
        }
        List<Path> entries = ScriptFiles.list(location);
        for (MigrationLayout layout : ALL) {
            if (layout.recognizes(entries)) {
                return layout;
            }
        }
        return named("flyway");
    }
}
