package dev.ferry.verify;

/**
 * The outcome of one check. A check that could not run (missing privileges, a catalog the
 * database does not have) is {@code NOT_RUN}, never {@code PASSED}.
 */
public enum CheckStatus { PASSED, FAILED, NOT_RUN }
