package dev.ferry.retention;

import dev.ferry.config.Durations;
import dev.ferry.config.RetentionRule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which items a {@link RetentionRule} keeps, and by which of its rules; pure, so that the
 * "7 daily and 4 weekly" arithmetic is tested without a database. Calendar periods are UTC; a
 * period counts only when it has an item, so a week without backups does not use up a weekly slot.
 */
final class KeepRules {
    private KeepRules() {
    }

    /** The items kept, each with why; {@code newestFirst} must be ordered newest first. */
    static <T> Map<T, String> kept(RetentionRule rule, List<T> newestFirst, Function<T, Instant> at, Instant now) {
        Map<T, String> kept = new IdentityHashMap<>();
        if (rule.keepLast() != null) {
            for (int i = 0; i < Math.min(rule.keepLast(), newestFirst.size()); i++) {
                add(kept, newestFirst.get(i), "one of the newest " + rule.keepLast() + " (keep_last)");
            }
        }
        period(kept, rule.keepDaily(), newestFirst, at, "day", "keep_daily", i -> LocalDate.ofInstant(i, ZoneOffset.UTC).toString());
        period(kept, rule.keepWeekly(), newestFirst, at, "week", "keep_weekly", i -> {
            LocalDate d = LocalDate.ofInstant(i, ZoneOffset.UTC);
            return d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        });
        period(kept, rule.keepMonthly(), newestFirst, at, "month", "keep_monthly", i -> YearMonth.from(LocalDate.ofInstant(i, ZoneOffset.UTC)).toString());
        if (rule.maxAge() != null) {
            Instant cutoff = now.minus(rule.maxAge());
            for (T item : newestFirst) {
                if (at.apply(item).isAfter(cutoff)) {
                    add(kept, item, "younger than " + Durations.format(rule.maxAge()) + " (max_age)");
                }
            }
        }
        return kept;
    }

    /** Keeps the newest item of each of the {@code n} most recent periods that have one. */
    private static <T> void period(Map<T, String> kept, Integer n, List<T> newestFirst, Function<T, Instant> at, String unit, String key,
                                   Function<Instant, String> periodOf) {
        if (n == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (T item : newestFirst) {
            if (seen.size() == n) {
                return;
            }
            String p = periodOf.apply(at.apply(item));
            if (seen.add(p)) {
                add(kept, item, "newest of " + unit + " " + p + " (" + key + ")");
            }
        }
    }

    private static <T> void add(Map<T, String> kept, T item, String why) {
        kept.merge(item, why, (a, b) -> a + "; " + b);
    }
}
