package dev.ferry.transfer;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Which rejected rows of a run {@code transfer rejects} lists.
 *
 * @param entity only this entity's rows (a second pass is named {@code entity.column}); {@code null} for all
 * @param reason only rows whose reason contains this text, in any case; {@code null} for all
 */
public record RejectFilter(String entity, String reason) {
    public static final RejectFilter ALL = new RejectFilter(null, null);

    public RejectFilter {
        entity = entity == null || entity.isBlank() ? null : entity;
        reason = reason == null || reason.isBlank() ? null : reason;
    }

    public boolean any() {
        return entity != null || reason != null;
    }

    /** The filter as the user gave it, for messages. */
    public String describe() {
        return (entity == null ? "" : "--entity " + entity) + (entity != null && reason != null ? " " : "")
                + (reason == null ? "" : "--reason '" + reason + "'");
    }

    String where() {
        return "run_id = ?" + (entity == null ? "" : " AND entity = ?") + (reason == null ? "" : " AND LOWER(error) LIKE ? ESCAPE '!'");
    }

    void bind(PreparedStatement ps, String runId) throws SQLException {
        int p = 1;
        ps.setString(p++, runId);
        if (entity != null) {
            ps.setString(p++, entity);
        }
        if (reason != null) {
            String escaped = reason.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
            ps.setString(p, "%" + escaped + "%");
        }
    }
}
