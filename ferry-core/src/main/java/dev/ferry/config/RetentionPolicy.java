package dev.ferry.config;

import dev.ferry.FerryException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code retention:} section, checked when ferry.yaml is read: a count below 1, a duration
 * that does not parse, or a rule a kind cannot follow fails at once with the key's line, not
 * later inside a prune that has already deleted half of what it meant to.
 *
 * @param rules the rule of each kind that has one; a kind without one is never pruned
 * @param backupWarnAge doctor warns when the backups retention keeps would leave none younger than this
 */
public record RetentionPolicy(Map<RetentionKind, RetentionRule> rules, Duration backupWarnAge) {
    /** How old the newest kept backup may be before doctor warns, when {@code warn_if_none_within} is not given. */
    public static final Duration DEFAULT_BACKUP_WARN_AGE = Duration.ofDays(7);
    public static final RetentionPolicy NONE = new RetentionPolicy(Map.of(), DEFAULT_BACKUP_WARN_AGE);

    public RetentionPolicy {
        rules = rules.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(rules));
    }

    public Optional<RetentionRule> rule(RetentionKind kind) {
        return Optional.ofNullable(rules.get(kind));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    static RetentionPolicy from(RetentionSection section, YamlDocument document, String fileName) {
        Map<RetentionKind, RetentionRule> rules = new EnumMap<>(RetentionKind.class);
        Duration warnAge = DEFAULT_BACKUP_WARN_AGE;
        for (RetentionKind kind : RetentionKind.values()) {
            RetentionSection.Rules r = section.of(kind);
            if (r == null) {
                continue;
            }
            Where where = key -> (document == null ? fileName : document.where(List.of("retention", kind.key(), key)))
                    + ": retention." + kind.key() + "." + key;
            if (r.warnIfNoneWithin() != null) {
                if (kind != RetentionKind.BACKUPS) {
                    throw FerryException.invalidInput(where.of("warn_if_none_within") + " belongs under retention.backups only");
                }
                warnAge = positive(r.warnIfNoneWithin(), where.of("warn_if_none_within"));
            }
            if (kind == RetentionKind.AUDIT) {
                for (String countKey : List.of("keep_last", "keep_daily", "keep_weekly", "keep_monthly")) {
                    if (countOf(r, countKey) != null) {
                        throw FerryException.invalidInput(where.of(countKey) + ": audit entries are kept by age only; use max_age (e.g. 365d)");
                    }
                }
            }
            RetentionRule rule = new RetentionRule(count(r.keepLast(), where.of("keep_last")), count(r.keepDaily(), where.of("keep_daily")),
                    count(r.keepWeekly(), where.of("keep_weekly")), count(r.keepMonthly(), where.of("keep_monthly")),
                    r.maxAge() == null ? null : positive(r.maxAge(), where.of("max_age")));
            if (rule.describe().isEmpty()) {
                throw FerryException.invalidInput((document == null ? fileName : document.where(List.of("retention", kind.key())))
                        + ": retention." + kind.key() + " has no rule; give keep_last, keep_daily, keep_weekly, keep_monthly or max_age, "
                        + "or leave the key out to keep everything");
            }
            rules.put(kind, rule);
        }
        return new RetentionPolicy(rules, warnAge);
    }

    private static Integer countOf(RetentionSection.Rules r, String key) {
        return switch (key) {
            case "keep_last" -> r.keepLast();
            case "keep_daily" -> r.keepDaily();
            case "keep_weekly" -> r.keepWeekly();
            default -> r.keepMonthly();
        };
    }

    private static Integer count(Integer n, String where) {
        if (n != null && n < 1) {
            throw FerryException.invalidInput(where + " must be at least 1, not " + n + "; leave the key out to not keep by it");
        }
        return n;
    }

    private static Duration positive(String text, String where) {
        Duration d;
        try {
            d = Durations.parse(text, "value");
        } catch (FerryException e) {
            throw FerryException.invalidInput(where + ": '" + text + "' is not a duration; write e.g. 12h, 7d or 90d");
        }
        if (d.isZero()) {
            throw FerryException.invalidInput(where + " must be longer than 0");
        }
        return d;
    }

    @FunctionalInterface
    private interface Where {
        String of(String key);
    }
}
