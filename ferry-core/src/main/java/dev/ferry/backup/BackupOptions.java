package dev.ferry.backup;

import java.nio.file.Path;
import java.util.List;

/**
 * What to back up and where.
 *
 * @param tables tables ({@code table} or {@code schema.table}); empty for every table of {@code schema}
 * @param schema the schema to back up when no tables are named; {@code null} for the environment's managed schemas
 * @param outDir where the archive goes; {@code null} for the environment's {@code backup_dir} (default {@code backups/})
 * @param passphrase encrypts the archive when not {@code null}
 * @param parallelism connections that dump tables at once; 0 picks one per core, up to 4
 */
public record BackupOptions(List<String> tables, String schema, Path outDir, char[] passphrase, int parallelism) {
    public static final BackupOptions DEFAULTS = new BackupOptions(List.of(), null, null, null, 0);

    public BackupOptions {
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    public BackupOptions withTables(List<String> t) {
        return new BackupOptions(t, schema, outDir, passphrase, parallelism);
    }

    public BackupOptions withSchema(String s) {
        return new BackupOptions(tables, s, outDir, passphrase, parallelism);
    }

    public BackupOptions withOutDir(Path dir) {
        return new BackupOptions(tables, schema, dir, passphrase, parallelism);
    }

    public BackupOptions withPassphrase(char[] p) {
        return new BackupOptions(tables, schema, outDir, p, parallelism);
    }

    public BackupOptions withParallelism(int n) {
        return new BackupOptions(tables, schema, outDir, passphrase, n);
    }

    @Override
    public String toString() {
        return "BackupOptions[tables=" + tables + ", schema=" + schema + ", outDir=" + outDir + ", encrypted=" + (passphrase != null) + "]";
    }
}
