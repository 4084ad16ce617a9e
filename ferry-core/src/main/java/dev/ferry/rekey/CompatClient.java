package dev.ferry.rekey;

import java.time.Instant;

/**
 * A client seen using a compatibility version: who (database user, application name, address),
 * when first and last, and the last statement seen.
 */
public record CompatClient(String version, String user, String application, String address, Instant firstSeen, Instant lastSeen,
                           String lastQuery) {
    /** The client as a person reads it: {@code user 'app' from address}. */
    public String describe() {
        return "user " + user + " with application '" + application + "' from " + address;
    }
}
