package dev.ferry.protection;

import java.time.Instant;

/** Which audit entries to list, newest first; {@code null} fields do not filter. */
public record AuditQuery(String table, String key, Instant since, int limit) {
    public static final AuditQuery LATEST = new AuditQuery(null, null, null, 50);
}
