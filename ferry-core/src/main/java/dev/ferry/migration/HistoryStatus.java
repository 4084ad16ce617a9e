package dev.ferry.migration;

import java.util.Locale;

/** The status column of the history table. */
public enum HistoryStatus {
    SUCCESS, FAILED, ROLLED_BACK;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static HistoryStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
