package dev.ferry.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How many of one kind to keep. Something is kept when any rule keeps it: one of the newest
 * {@code keepLast}, the newest of each of the {@code keepDaily} most recent days that have one
 * (likewise weeks and months, in UTC), or younger than {@code maxAge}. What no rule keeps goes.
 * A rule left out ({@code null}) keeps nothing by itself.
 */
public record RetentionRule(Integer keepLast, Integer keepDaily, Integer keepWeekly, Integer keepMonthly, Duration maxAge) {

    /** "keep_last 3, keep_daily 7, max_age 30d", as written in ferry.yaml. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        add(parts, "keep_last", keepLast);
        add(parts, "keep_daily", keepDaily);
        add(parts, "keep_weekly", keepWeekly);
        add(parts, "keep_monthly", keepMonthly);
        if (maxAge != null) {
            parts.add("max_age " + Durations.format(maxAge));
        }
        return String.join(", ", parts);
    }

    private static void add(List<String> parts, String key, Integer n) {
        if (n != null) {
            parts.add(key + " " + n);
        }
    }
}
