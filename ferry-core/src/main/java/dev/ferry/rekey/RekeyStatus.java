package dev.ferry.rekey;

import java.util.List;

/**
 * Where each planned table stands (its phase and how far the backfill went), the clients seen on
 * each compatibility version, the longest lock each phase held so far (of each kind), and the
 * snapshot or backup expand took first ({@code snapshot <id>}, {@code backup <path>}; {@code null}
 * when none is recorded).
 */
public record RekeyStatus(List<TableStatus> tables, List<CompatClient> clients, List<LockHeld> longestLocks, String beforeExpand) {

    /**
     * One table. {@code phase}: {@code not started}, {@code backfill}, {@code expanded}, {@code switched}, {@code contracted}.
     * {@code backfillDoneTo} and {@code backfillUpto} are keys: the last one the backfill reached and
     * the highest one present when it began.
     */
    public record TableStatus(String table, String key, String phase, Long backfillDoneTo, Long backfillUpto, long rowsBackfilled,
                              String runId) {
        /** Share of the key range backfilled, 0 to 100; {@code null} when the backfill has not begun. */
        public Integer percent() {
            if (backfillUpto == null) {
                return null;
            }
            if (backfillUpto <= 0 || !phase.equals("backfill")) {
                return 100;
            }
            long done = backfillDoneTo == null ? 0 : backfillDoneTo;
            return (int) Math.min(100, Math.max(0, done * 100 / backfillUpto));
        }
    }
}
