package dev.ferry.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.RetentionRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The calendar arithmetic of "keep the last 7 daily and 4 weekly", without a database. */
class KeepRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-03T18:00:00Z"); // a Thursday

    /** Two backups a day (06:00 and 20:00 UTC) for the 60 days before NOW, newest first. */
    private static List<Instant> twiceDaily() {
        List<Instant> out = new ArrayList<>();
        for (int d = 0; d < 60; d++) {
            Instant day = Instant.parse("2026-12-03T00:00:00Z").minus(Duration.ofDays(d));
            out.add(day.plus(Duration.ofHours(6)));
            if (d > 0) {
                out.add(day.plus(Duration.ofHours(20)));
            }
        }
        out.sort(Comparator.reverseOrder());
        return out;
    }

    private static List<Instant> kept(RetentionRule rule, List<Instant> items) {
        Map<Instant, String> kept = KeepRules.kept(rule, items, Function.identity(), NOW);
        return items.stream().filter(kept::containsKey).toList();
    }

    @Test
    void sevenDailyAndFourWeeklyKeepTheNewestOfEachPeriod() {
        List<Instant> kept = kept(new RetentionRule(null, 7, 4, null, null), twiceDaily());
        assertThat(kept).containsExactly(
                Instant.parse("2026-12-03T06:00:00Z"), // today, also this ISO week (2026-W49)
                Instant.parse("2026-12-02T20:00:00Z"),
                Instant.parse("2026-12-01T20:00:00Z"),
                Instant.parse("2026-11-30T20:00:00Z"), // Monday: the first day of week 49
                Instant.parse("2026-11-29T20:00:00Z"), // Sunday: newest of week 48
                Instant.parse("2026-11-28T20:00:00Z"),
                Instant.parse("2026-11-27T20:00:00Z"),
                Instant.parse("2026-11-22T20:00:00Z"), // newest of week 47
                Instant.parse("2026-11-15T20:00:00Z")); // newest of week 46
    }

    @Test
    void aPeriodWithoutAnythingDoesNotUseUpASlot() {
        List<Instant> sparse = List.of(Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-11-20T10:00:00Z"),
                Instant.parse("2026-11-20T09:00:00Z"), Instant.parse("2026-10-02T10:00:00Z"));
        assertThat(kept(new RetentionRule(null, 3, null, null, null), sparse)).containsExactly(
                Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-10-02T10:00:00Z"));
        assertThat(kept(new RetentionRule(null, null, null, 2, null), sparse)).containsExactly(
                Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-11-20T10:00:00Z"));
    }

    @Test
    void anythingAnyRuleKeepsStaysAndTheReasonsAddUp() {
        List<Instant> items = twiceDaily();
        Map<Instant, String> kept = KeepRules.kept(new RetentionRule(2, 1, null, null, Duration.ofHours(30)), items, Function.identity(), NOW);
        assertThat(items.stream().filter(kept::containsKey).toList()).containsExactly(
                Instant.parse("2026-12-03T06:00:00Z"), Instant.parse("2026-12-02T20:00:00Z"));
        assertThat(kept.get(items.get(0)))
                .isEqualTo("one of the newest 2 (keep_last); newest of day 2026-12-03 (keep_daily); younger than 30h (max_age)");
    }

    @Test
    void maxAgeAloneLetsEverythingOlderGo() {
        assertThat(kept(new RetentionRule(null, null, null, null, Duration.ofDays(2)), twiceDaily())).containsExactly(
                Instant.parse("2026-12-03T06:00:00Z"), Instant.parse("2026-12-02T20:00:00Z"), Instant.parse("2026-12-02T06:00:00Z"),
                Instant.parse("2026-12-01T20:00:00Z"));
    }
}
