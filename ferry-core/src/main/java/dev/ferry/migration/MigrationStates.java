package dev.ferry.migration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Combines the files on disk with the history rows into one {@link MigrationInfo} per migration. */
final class MigrationStates {
    private MigrationStates() {
    }

    static List<MigrationInfo> resolve(List<Migration> migrations, List<HistoryRow> rows) {
        Map<Version, HistoryRow> latestByVersion = new LinkedHashMap<>();
        Map<String, HistoryRow> latestRepeatable = new LinkedHashMap<>();
        HistoryRow baseline = null;
        Version maxApplied = null;
        for (HistoryRow row : rows) {
            switch (row.type()) {
                case BASELINE -> baseline = row;
                case REPEATABLE -> latestRepeatable.put(row.description(), row);
                case VERSIONED -> latestByVersion.put(row.parsedVersion(), row);
            }
        }
        for (HistoryRow row : latestByVersion.values()) {
            if (row.status() == HistoryStatus.SUCCESS && (maxApplied == null || row.parsedVersion().compareTo(maxApplied) > 0)) {
                maxApplied = row.parsedVersion();
            }
        }
        Version baselineVersion = baseline == null ? null : baseline.parsedVersion();
        if (baselineVersion != null && (maxApplied == null || baselineVersion.compareTo(maxApplied) > 0)) {
            maxApplied = baselineVersion;
        }

        List<MigrationInfo> infos = new ArrayList<>();
        if (baseline != null) {
            infos.add(info(null, baseline, MigrationState.BASELINE, "baseline set by " + baseline.installedBy()));
        }
        Map<Version, Migration> onDisk = new HashMap<>();
        Map<String, Migration> repeatablesOnDisk = new HashMap<>();
        for (Migration m : migrations) {
            if (m.version() != null) {
                onDisk.put(m.version(), m);
                infos.add(versioned(m, latestByVersion.get(m.version()), baselineVersion, maxApplied));
            } else {
                repeatablesOnDisk.put(m.description(), m);
                infos.add(repeatable(m, latestRepeatable.get(m.description())));
            }
        }
        latestByVersion.forEach((version, row) -> {
            if (!onDisk.containsKey(version) && row.status() != HistoryStatus.ROLLED_BACK) {
                infos.add(info(null, row, row.status() == HistoryStatus.FAILED ? MigrationState.FAILED : MigrationState.MISSING,
                        JavaMigrationNames.isClassName(row.script())
                                ? "applied from class " + row.script() + ", which no classpath: location or given instance holds any more"
                                : "applied from " + row.script() + ", which no location holds any more"));
            }
        });
        latestRepeatable.forEach((description, row) -> {
            if (!repeatablesOnDisk.containsKey(description) && row.status() == HistoryStatus.SUCCESS) {
                infos.add(info(null, row, MigrationState.MISSING, "applied from " + row.script() + ", which no location holds any more"));
            }
        });
        infos.sort(Comparator.comparing((MigrationInfo i) -> i.type() == MigrationType.REPEATABLE ? 1 : 0)
                .thenComparing(i -> i.version() == null ? null : Version.parse(i.version()), Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(MigrationInfo::description));
        return infos;
    }

    private static MigrationInfo versioned(Migration m, HistoryRow row, Version baseline, Version maxApplied) {
        if (row == null) {
            if (baseline != null && m.version().compareTo(baseline) <= 0) {
                return info(m, null, MigrationState.BELOW_BASELINE, "at or below baseline " + baseline);
            }
            if (maxApplied != null && m.version().compareTo(maxApplied) < 0) {
                return info(m, null, MigrationState.OUT_OF_ORDER, "older than applied version " + maxApplied
                        + "; run migrate with --out-of-order to apply it");
            }
            return info(m, null, MigrationState.PENDING, "");
        }
        return switch (row.status()) {
            case FAILED -> info(m, row, MigrationState.FAILED, failureDetail(row));
            case ROLLED_BACK -> info(m, row, MigrationState.ROLLED_BACK, "will be applied again by migrate");
            case SUCCESS -> m.checksum().equals(row.checksum())
                    ? info(m, row, MigrationState.APPLIED, "")
                    : info(m, row, MigrationState.DRIFTED, "file changed after it was applied (applied "
                            + abbreviate(row.checksum()) + ", file " + abbreviate(m.checksum()) + ")");
        };
    }

    private static MigrationInfo repeatable(Migration m, HistoryRow row) {
        if (row == null || row.status() == HistoryStatus.ROLLED_BACK) {
            return info(m, row, MigrationState.PENDING, "");
        }
        if (row.status() == HistoryStatus.FAILED) {
            return info(m, row, MigrationState.FAILED, failureDetail(row));
        }
        return m.checksum().equals(row.checksum())
                ? info(m, row, MigrationState.APPLIED, "")
                : info(m, row, MigrationState.OUTDATED, "changed since it last ran; migrate re-runs it");
    }

    static String failureDetail(HistoryRow row) {
        String detail = row.errorDetail() == null ? "" : row.errorDetail();
        if (row.partiallyApplied()) {
            return row.statementsCommitted() + " statement(s) stayed applied. " + detail;
        }
        return "rolled back; fix the file and migrate retries it. " + detail;
    }

    private static String abbreviate(String checksum) {
        if (checksum == null) {
            return "none";
        }
        String hex = checksum.startsWith(Checksum.TAG) ? checksum.substring(Checksum.TAG.length()) : checksum;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    private static MigrationInfo info(Migration m, HistoryRow row, MigrationState state, String detail) {
        String version = m != null ? (m.version() == null ? null : m.version().toString()) : row.version();
        String description = m != null ? m.description() : row.description();
        MigrationType type = m != null ? m.type() : row.type();
        String script = m != null ? m.script() : row.script();
        boolean ran = row != null && row.status() != HistoryStatus.ROLLED_BACK;
        return new MigrationInfo(version, description, type, script, state,
                row == null ? null : row.installedAt(), row == null ? null : row.installedBy(),
                ran ? row.executionMs() : null, detail.strip(), m, row);
    }
}
