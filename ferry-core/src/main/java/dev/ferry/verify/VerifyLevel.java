package dev.ferry.verify;

/**
 * How far {@code verify} goes against a transfer plan. {@code BASIC}: counts and ID-map
 * completeness. {@code STANDARD}: also every row's content compared with what the plan makes of
 * its source row, down to the column, plus the target's referential integrity and rules.
 * {@code RIGOROUS}: also exact sums of every numeric column, tenant consistency along references,
 * and every constraint dropped for the load back in place. {@code FORENSIC}: also every
 * difference, not only a sample, written to a diff file.
 */
public enum VerifyLevel {
    BASIC, STANDARD, RIGOROUS, FORENSIC;

    boolean atLeast(VerifyLevel other) {
        return ordinal() >= other.ordinal();
    }
}
