package dev.ferry.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code retention:} section of ferry.yaml exactly as written: one rule set per kind of thing Ferry keeps. */
record RetentionSection(
        @JsonProperty("backups") Rules backups,
        @JsonProperty("snapshots") Rules snapshots,
        @JsonProperty("protected_snapshots") Rules protectedSnapshots,
        @JsonProperty("runs") Rules runs,
        @JsonProperty("transfer_state") Rules transferState,
        @JsonProperty("audit") Rules audit) {

    static final RetentionSection EMPTY = new RetentionSection(null, null, null, null, null, null);

    Rules of(RetentionKind kind) {
        return switch (kind) {
            case BACKUPS -> backups;
            case SNAPSHOTS -> snapshots;
            case PROTECTED_SNAPSHOTS -> protectedSnapshots;
            case RUNS -> runs;
            case TRANSFER_STATE -> transferState;
            case AUDIT -> audit;
        };
    }

    /** The rules of one kind; {@code warn_if_none_within} belongs to backups only. */
    record Rules(
            @JsonProperty("keep_last") Integer keepLast,
            @JsonProperty("keep_daily") Integer keepDaily,
            @JsonProperty("keep_weekly") Integer keepWeekly,
            @JsonProperty("keep_monthly") Integer keepMonthly,
            @JsonProperty("max_age") String maxAge,
            @JsonProperty("warn_if_none_within") String warnIfNoneWithin) {
    }
}
