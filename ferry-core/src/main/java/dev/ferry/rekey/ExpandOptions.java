package dev.ferry.rekey;

/**
 * How {@code rekey expand} runs: {@code batch} and {@code rate} override the plan's pacing when
 * given; a dry run only prints the statements.
 */
public record ExpandOptions(Integer batch, Integer rate, boolean dryRun) {
    public static final ExpandOptions DEFAULTS = new ExpandOptions(null, null, false);

    public ExpandOptions withDryRun(boolean value) {
        return new ExpandOptions(batch, rate, value);
    }
}
