package dev.ferry.db;

import dev.ferry.FerryException;

/** Chooses the {@link Dialect} from the JDBC URL. */
final class Dialects {
    private Dialects() {
    }

    public static Dialect forUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect();
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return new MariaDbDialect();
        }
        throw FerryException.invalidInput("Unsupported JDBC URL '" + JdbcUrls.redact(url)
                + "': Ferry supports jdbc:postgresql://host:port/db and jdbc:mariadb:// or jdbc:mysql://host:port/db");
    }
}
