package dev.ferry.rekey;

import java.util.List;
import java.util.Locale;

/**
 * What expand takes before it changes anything ({@code before_expand:} in the plan): an in-database
 * snapshot of the planned tables (the default: quick, restored with {@code ferry snapshot restore}),
 * a backup archive of the environment, or nothing.
 */
public enum BeforeExpand {
    SNAPSHOT, BACKUP, NONE;

    /** The plan's word for it. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value for a plan's word, or {@code null} when it is none of them. */
    static BeforeExpand of(String word) {
        for (BeforeExpand b : values()) {
            if (b.word().equals(word)) {
                return b;
            }
        }
        return null;
    }

    /** Takes the copy; returns what identifies it: the snapshot id or the archive's path. */
    @FunctionalInterface
    public interface Taker {
        String take(BeforeExpand kind, List<String> tables);
    }
}
