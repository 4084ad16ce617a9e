package dev.ferry.config;

import dev.ferry.FerryException;
import java.time.Duration;
import java.util.List;

/**
 * Checks the values of an environment's settings as it is resolved, so that a wrong one is
 * reported with where it was written (ferry.yaml's line and column, or the flag) rather than
 * later, deep inside a connection or a folder scan, with no place to point at.
 */
final class SettingValues {
    /** The folder layouts the migration scanner knows (the migration package's Layouts; keep the two in step), and {@code auto}. */
    static final List<String> LAYOUTS = List.of("auto", "flyway", "golang-migrate", "diesel", "dbmate");
    private static final List<String> URL_PREFIXES = List.of("jdbc:postgresql:", "jdbc:mariadb:", "jdbc:mysql:");

    private SettingValues() {
    }

    /** The URL unchanged when Ferry can connect with it; never echoes it, since it may hold a password. */
    static String url(String url, String where) {
        if (url == null || url.isBlank() || URL_PREFIXES.stream().anyMatch(url::startsWith)) {
            return url;
        }
        String found = url.startsWith("jdbc:") && url.indexOf(':', 5) > 0 ? "a " + url.substring(0, url.indexOf(':', 5) + 1) + " URL"
                : "something that is not a JDBC URL";
        throw FerryException.invalidInput(where + ": url must be a JDBC URL of a database Ferry supports "
                + "(jdbc:postgresql://host:port/db, jdbc:mariadb:// or jdbc:mysql://host:port/db), found " + found);
    }

    static String layout(String layout, String where) {
        if (LAYOUTS.stream().noneMatch(layout::equalsIgnoreCase)) {
            throw FerryException.invalidInput(where + ": layout '" + layout + "' is not known; use one of " + String.join(", ", LAYOUTS));
        }
        return layout;
    }

    static Duration duration(String text, String key, String where) {
        try {
            return Durations.parse(text, key);
        } catch (FerryException e) {
            throw FerryException.invalidInput(where + ": " + e.getMessage());
        }
    }
}
