package dev.ferry.verify;

/**
 * How far {@code verify} goes against a transfer plan. {@code BASIC}: counts and ID-map
 * completeness. {@code STANDARD}: also every row's content compared with what the plan makes of
 * its source row, down to the column, plus the target's referential integrity.
 */
public enum VerifyLevel { BASIC, STANDARD }
