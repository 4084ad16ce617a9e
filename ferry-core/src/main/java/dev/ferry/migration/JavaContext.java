package dev.ferry.migration;

import java.sql.Connection;
import java.util.Map;
import java.util.function.Consumer;

/** The context a Java migration runs with: the transaction's connection, the placeholders, and where its log lines go. */
record JavaContext(Connection connection, Map<String, String> placeholders, Consumer<String> logger) implements JavaMigration.Context {

    @Override
    public void log(String message) {
        logger.accept(message);
    }
}
