package dev.ferry.transfer.plan;

import dev.ferry.FerryException;

/**
 * How many rejected rows an entity may have before the run fails: an absolute number, or a
 * percentage of the entity's rows (all of them, as counted before the run, not those read so far:
 * one bad row early on must not fail a share the whole entity stays within).
 */
public record RejectBudget(long absolute, double percent) {
    public static final RejectBudget NONE = new RejectBudget(0, -1);

    static RejectBudget parse(String text, String where) {
        if (text == null) {
            return NONE;
        }
        String t = text.strip();
        try {
            if (t.endsWith("%")) {
                return new RejectBudget(-1, Double.parseDouble(t.substring(0, t.length() - 1).strip()));
            }
            return new RejectBudget(Long.parseLong(t), -1);
        } catch (NumberFormatException e) {
            throw FerryException.invalidInput(where + ": max_rejects '" + text + "' must be a count (e.g. 10) or a percentage (e.g. 0.5%)");
        }
    }

    /** Whether {@code rejected} rows of the entity's {@code rows} are more than the budget allows. */
    public boolean exceeded(long rejected, long rows) {
        if (percent >= 0) {
            return rows > 0 && rejected * 100.0 / rows > percent;
        }
        return rejected > absolute;
    }

    @Override
    public String toString() {
        return percent >= 0 ? percent + "%" : Long.toString(absolute);
    }
}
