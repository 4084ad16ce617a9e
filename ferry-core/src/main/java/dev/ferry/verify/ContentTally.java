package dev.ferry.verify;

import dev.ferry.db.BinaryText;
import dev.ferry.db.ColumnInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What comparing one entity's expected rows with its target rows found: counts of missing,
 * changed, equal and extra rows, a sample naming the first ones by key, the diff file lines, and
 * (at rigorous level) the exact sums of the numeric columns the plan should have produced.
 */
final class ContentTally {
    private static final int SAMPLE = 20;

    private final ExpectedRows.Entity entity;
    private final DiffLog diffs;
    private final BigDecimal[] totals;
    private final boolean sums;
    private final List<String> sample = new ArrayList<>();
    long missing;
    long changed;
    long matched;
    long extra;
    /** Key segments hashed on both sides, and how many of them were compared row by row; 0 when rows were compared directly. */
    long segments;
    long segmentsLocated;
    /** Time spent reading the differing segments again and comparing them row by row. */
    long locateNanos;
    /** Whether the source database computed the source side's hashes (else Ferry did, row by row through the plan). */
    boolean hashedInSource;
    /** Target rows found through the ID map while hashing segments; -1 when the target was not hashed. */
    long mappedTargetRows = -1;

    ContentTally(ExpectedRows.Entity entity, boolean sums, DiffLog diffs) {
        this.entity = entity;
        this.diffs = diffs;
        this.sums = sums;
        List<ColumnInfo> cols = entity.columns();
        this.totals = new BigDecimal[cols.size()];
        for (int i = 0; i < cols.size(); i++) {
            // The key is not summed: it is checked by the join through the ID map, and the source's
            // hash query does not return it as a value.
            if (sums && isNumeric(cols.get(i)) && i != entity.keyIndex()) {
                totals[i] = BigDecimal.ZERO;
            }
        }
    }

    ExpectedRows.Entity entity() {
        return entity;
    }

    List<String> sample() {
        return sample;
    }

    BigDecimal[] totals() {
        return totals;
    }

    /** Which columns' expected sums are kept; {@code null} when none are. */
    boolean[] summedColumns() {
        if (!sums) {
            return null;
        }
        boolean[] out = new boolean[totals.length];
        for (int i = 0; i < totals.length; i++) {
            out[i] = totals[i] != null;
        }
        return out;
    }

    /** Starts the expected sums again, when the source is read a second time. */
    synchronized void resetSums() {
        for (int i = 0; i < totals.length; i++) {
            if (totals[i] != null) {
                totals[i] = BigDecimal.ZERO;
            }
        }
    }

    /** Adds an expected row's numeric values to the expected sums. */
    void sum(String[] values) {
        if (sums) {
            addToSums(values);
        }
    }

    private synchronized void addToSums(String[] values) {
        for (int i = 0; i < totals.length; i++) {
            if (totals[i] != null && values[i] != null) {
                totals[i] = totals[i].add(new BigDecimal(values[i].strip()));
            }
        }
    }

    /** Compares an expected row with the target row of its key ({@code null}: none). */
    void compare(ExpectedRows.Row r, String[] got) {
        List<ColumnInfo> cols = entity.columns();
        int k = entity.keyIndex();
        if (got == null) {
            missing++;
            diffs.write(entity.name(), "missing", r.legacyKey(), r.values()[k], null, null, null);
            note("missing: legacy key " + r.legacyKey() + " (new key " + r.values()[k] + ")");
            return;
        }
        List<String> differing = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            if (!ValueComparator.same(cols.get(i), r.values()[i], got[i])) {
                String expected = shown(cols.get(i), r.values()[i]);
                String found = shown(cols.get(i), got[i]);
                differing.add(cols.get(i).name() + ": expected " + expected + ", found " + found);
                diffs.write(entity.name(), "changed", r.legacyKey(), r.values()[k], cols.get(i).name(), expected, found);
            }
        }
        if (differing.isEmpty()) {
            matched++;
        } else {
            changed++;
            note("changed: legacy key " + r.legacyKey() + " (new key " + r.values()[k] + "): " + String.join("; ", differing));
        }
    }

    /** A value as reports show it: a binary one as its length and digest, which tell two values apart without pasting either. */
    private static String shown(ColumnInfo column, String value) {
        return column.isBinary() && !column.isUuidBinary() ? BinaryText.describe(value) : value;
    }

    /** A target row that no expected row accounts for. */
    void extra(String legacyKey, String newKey) {
        extra++;
        diffs.write(entity.name(), "extra", legacyKey, newKey, null, null, null);
        note("extra: legacy key " + legacyKey + " (new key " + newKey + ") is in the target but the plan does not produce it");
    }

    void note(String line) {
        if (sample.size() < SAMPLE) {
            sample.add(line);
        }
    }

    /** How the content was compared, for the passing message. */
    String method() {
        if (segments == 0) {
            return "compared row by row";
        }
        return segments + " key segment(s) hashed " + (hashedInSource ? "in both databases" : "in the target database and by Ferry") + ", "
                + (segmentsLocated == 0 ? "all equal"
                : segmentsLocated + " compared row by row in " + String.format(java.util.Locale.ROOT, "%.2f s", locateNanos / 1e9));
    }

    static String lower(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    static boolean isNumeric(ColumnInfo c) {
        String t = c.type();
        return t.contains("numeric") || t.contains("decimal") || c.isInteger() && !c.isBooleanLike() || t.equals("bigint");
    }
}
