package dev.ferry.deploy;

/** A migration the deploy is going to apply. */
public record PendingMigration(String version, String description, String script) {
}
