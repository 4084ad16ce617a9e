package dev.ferry.migration;

/** One thing {@code validate} found wrong, with what to do about it. */
public record ValidationProblem(String kind, String migration, String message) {
}
