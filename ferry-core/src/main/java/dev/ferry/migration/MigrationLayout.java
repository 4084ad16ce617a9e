package dev.ferry.migration;

import java.nio.file.Path;
import java.util.List;

/**
 * A folder convention for migrations (Flyway, golang-migrate, Diesel, dbmate). Ferry reads the
 * folders users already have instead of asking them to rename anything.
 */
interface MigrationLayout {

    /** The name used in ferry.yaml's {@code layout:} key. */
    String name();

    /** Whether the entries of a location look like this layout; used when {@code layout: auto}. */
    boolean recognizes(List<Path> entries);

    /** Reads every migration under {@code location}. */
    void scan(Path location, ScanResult result);

    /** Creates the files for a new migration holding {@code text} and returns their paths. */
    List<Path> create(Path location, Version version, String description, ScriptText text);

    /** The next version for a new migration, given those that exist. */
    Version nextVersion(List<Version> existing);
}
