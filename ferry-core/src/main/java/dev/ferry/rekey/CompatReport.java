package dev.ferry.rekey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Who still depends on the deprecated shape: every client seen on a compatibility version, and
 * every deprecated object (the v1 views, the integer key and foreign-key columns) with its last
 * use and whether it may be removed, that is, nobody used v1 within {@code quietFor} of {@code at}.
 */
public record CompatReport(Instant at, Duration quietFor, List<CompatClient> clients, List<DeprecatedObject> objects) {

    /** @param lastUse the latest v1 client, or {@code null} when none was ever seen */
    public record DeprecatedObject(String object, String kind, CompatClient lastUse, boolean safeToRemove) {
    }

    public boolean safeToRemove() {
        return objects.stream().allMatch(DeprecatedObject::safeToRemove);
    }
}
