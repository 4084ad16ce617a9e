package dev.ferry.verify;

/** How much a failed check matters: an error makes {@code verify} exit 3, a warning does not. */
public enum Severity { ERROR, WARNING }
