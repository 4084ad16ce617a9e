package dev.ferry.transfer.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where rows come from or go to: an environment of ferry.yaml ({@code source: legacy}), a JDBC URL
 * ({@code source: jdbc:mariadb://...}), or a mapping with url, user and password.
 */
public record ConnectionSpec(
        @JsonProperty("environment") String environment,
        @JsonProperty("url") String url,
        @JsonProperty("user") String user,
        @JsonProperty("password") String password) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ConnectionSpec ofText(String text) {
        return text.startsWith("jdbc:") ? new ConnectionSpec(null, text, null, null) : new ConnectionSpec(text, null, null, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static ConnectionSpec of(@JsonProperty("environment") String environment, @JsonProperty("url") String url,
                             @JsonProperty("user") String user, @JsonProperty("password") String password) {
        return new ConnectionSpec(environment, url, user, password);
    }

    @Override
    public String toString() {
        return environment != null ? "environment " + environment : dev.ferry.db.JdbcUrls.redact(url);
    }
}
