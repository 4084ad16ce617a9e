package dev.ferry.db;

import dev.ferry.db.RekeySql.SyncReference;
import dev.ferry.db.RekeySql.SyncSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * MariaDB's sync triggers: one BEFORE INSERT and one BEFORE UPDATE per table (MariaDB has no
 * trigger for both events, and no OLD row on insert), doing what PostgreSQL's one trigger
 * function does; errors are SIGNAL SQLSTATE '45000' with the same messages.
 */
final class MariaDbSyncTriggers {
    /** SIGNAL's MESSAGE_TEXT holds at most this many characters. */
    private static final int MESSAGE_MAX = 128;

    private final Dialect dialect;

    MariaDbSyncTriggers(Dialect dialect) {
        this.dialect = dialect;
    }

    private String q(String identifier) {
        return dialect.quote(identifier);
    }

    private String lit(String value) {
        return dialect.literal(value);
    }

    private static String triggerName(TableRef table, boolean insert) {
        String name = "ferry_rekey_" + table.table();
        return (name.length() > 60 ? name.substring(0, 60) : name) + (insert ? "_ins" : "_upd");
    }

    /** The statements installing (or replacing) both triggers of a table. */
    List<String> create(TableRef table, SyncSpec spec) {
        // Replaced in place, never dropped and created: a write in between would find no trigger (and, after the switch, no default for the key).
        List<String> out = new ArrayList<>();
        for (boolean insert : new boolean[] {true, false}) {
            out.add("CREATE OR REPLACE TRIGGER " + q(table.schema()) + "." + q(triggerName(table, insert)) + " BEFORE " + (insert ? "INSERT" : "UPDATE")
                    + " ON " + table.quoted(dialect) + " FOR EACH ROW\nBEGIN\n" + triggerBody(table, spec, insert) + "END");
        }
        return out;
    }

    /** The body of one of the two triggers (MariaDB has no INSERT OR UPDATE trigger, and no OLD row on insert). */
    private String triggerBody(TableRef table, SyncSpec spec, boolean insert) {
        String newKey = "NEW." + q(spec.key());
        String newUuid = "NEW." + q(spec.keyUuid());
        StringBuilder b = new StringBuilder("  DECLARE derived UUID;\n  DECLARE parent_key BIGINT;\n  DECLARE msg VARCHAR(" + MESSAGE_MAX + ");\n");
        if (spec.switched()) {
            // A row of the new schema only: no integer key; it keeps the UUID it was given, or gets one.
            b.append("  IF ").append(newKey).append(" IS NULL THEN SET ").append(newUuid).append(" = COALESCE(").append(newUuid)
                    .append(", UUID()); ELSE\n");
        } else {
            b.append("  IF ").append(newKey).append(" IS NULL THEN ").append(signal("45000", lit("ferry rekey: a row of " + table.table()
                    + " needs its integer key " + spec.key() + " until the switch"))).append(" END IF;\n");
        }
        b.append("  SET derived = ").append(keyUuid(spec.entity(), newKey)).append(";\n");
        b.append("  IF ").append(newUuid).append(" IS NOT NULL AND ").append(newUuid).append(" <> derived")
                .append(insert ? "" : " AND NOT (" + newUuid + " <=> OLD." + q(spec.keyUuid()) + ")").append(" THEN ")
                .append(signal("45000", "CONCAT('ferry rekey: ', " + newUuid + ", ' is not the UUID of key ', " + newKey + ", ' of ', "
                        + lit(table.table()) + ")")).append(" END IF;\n");
        b.append("  SET ").append(newUuid).append(" = derived;\n");
        if (spec.switched()) {
            b.append("  END IF;\n");
        }
        for (SyncReference r : spec.references()) {
            String fk = "NEW." + q(r.column());
            String fkUuid = "NEW." + q(r.uuidColumn());
            // Written by UUID only: the integer is unchanged and the UUID is not the one it derives (the backfill writes exactly that one).
            String uuidOnly = insert ? fk + " IS NULL AND " + fkUuid + " IS NOT NULL"
                    : "(" + fk + " <=> OLD." + q(r.column()) + ") AND NOT (" + fkUuid + " <=> OLD." + q(r.uuidColumn()) + ") AND (" + fk
                            + " IS NULL OR NOT (" + fkUuid + " <=> " + keyUuid(r.parentEntity(), fk) + "))";
            String parent = r.parent().quoted(dialect);
            b.append("  IF ").append(uuidOnly).append(" THEN\n");
            b.append("    IF ").append(fkUuid).append(" IS NULL THEN SET ").append(fk).append(" = NULL; ELSE\n");
            b.append("      SET parent_key = (SELECT p.").append(q(r.parentKey())).append(" FROM ").append(parent).append(" p WHERE p.")
                    .append(q(r.parentKeyUuid())).append(" = ").append(fkUuid).append(");\n");
            // A parent not backfilled yet has no UUID stored: it is found by deriving, which scans only the rows still waiting.
            b.append("      IF parent_key IS NULL THEN SET parent_key = (SELECT p.").append(q(r.parentKey())).append(" FROM ").append(parent)
                    .append(" p WHERE p.").append(q(r.parentKeyUuid())).append(" IS NULL AND ").append(keyUuid(r.parentEntity(), "p." + q(r.parentKey())))
                    .append(" = ").append(fkUuid).append(" LIMIT 1); END IF;\n");
            b.append("      IF parent_key IS NULL THEN ").append(signal("45000", "CONCAT('ferry rekey: ', " + lit(r.parent().table())
                    + ", ' has no row with UUID ', " + fkUuid + ")")).append(" END IF;\n");
            b.append("      SET ").append(fk).append(" = parent_key;\n");
            b.append("    END IF;\n  ELSE\n");
            b.append("    SET derived = IF(").append(fk).append(" IS NULL, NULL, ").append(keyUuid(r.parentEntity(), fk)).append(");\n");
            if (insert) {
                b.append("    IF ").append(fkUuid).append(" IS NOT NULL AND NOT (").append(fkUuid).append(" <=> derived) THEN ")
                        .append(signal("45000", lit("ferry rekey: " + r.column() + " and " + r.uuidColumn() + " disagree"))).append(" END IF;\n");
            }
            b.append("    SET ").append(fkUuid).append(" = derived;\n  END IF;\n");
        }
        return b.toString();
    }

    /** SIGNAL takes a variable or literal only: the message is built into {@code msg} first. */
    private static String signal(String state, String message) {
        return "SET msg = LEFT(" + message + ", " + MESSAGE_MAX + "); SIGNAL SQLSTATE '" + state + "' SET MESSAGE_TEXT = msg;";
    }

    private String keyUuid(String entity, String keyExpression) {
        return "ferry_key_uuid(" + lit(entity) + ", " + keyExpression + ")";
    }

    /** The statements removing both triggers again. */
    List<String> drop(TableRef table) {
        return List.of("DROP TRIGGER IF EXISTS " + q(table.schema()) + "." + q(triggerName(table, true)),
                "DROP TRIGGER IF EXISTS " + q(table.schema()) + "." + q(triggerName(table, false)));
    }
}
