package dev.ferry.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The MariaDB objects an archive carries besides its tables, each as {@code SHOW CREATE} prints
 * it, with the database name and the {@code DEFINER} taken out: the restored object belongs to
 * the user who restores, in whatever database it lands.
 */
final class MariaDbArchiveObjects {
    private static final Pattern DEFINER = Pattern.compile(" DEFINER=(`[^`]*`|'[^']*'|[^@\\s]+)@(`[^`]*`|'[^']*'|\\S+)");

    private final MariaDbDialect d;

    MariaDbArchiveObjects(MariaDbDialect d) {
        this.d = d;
    }

    ObjectDefinitions read(Connection c, String schema, List<String> tables, boolean wholeSchema) throws SQLException {
        String qualifier = d.quote(schema) + ".";
        List<ObjectDefinition> before = new ArrayList<>();
        List<ObjectDefinition> after = new ArrayList<>();
        // A table's default names the sequences it draws from (NEXTVAL(`db`.`s`)).
        String defaults = wholeSchema ? "" : String.join(" ", tableDefaults(c, schema, tables));
        for (String sequence : Catalogs.strings(c, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_TYPE = 'SEQUENCE' AND LEFT(TABLE_NAME, 6) <> 'ferry_' ORDER BY TABLE_NAME", schema)) {
            if (wholeSchema || defaults.contains(d.quote(sequence))) {
                before.add(object(c, schema, "sequence", sequence, "SHOW CREATE SEQUENCE " + d.quote(sequence), 2, qualifier));
                after.add(new ObjectDefinition(schema, "sequence", sequence, List.of(sequenceState(c, sequence))));
            }
        }
        if (!wholeSchema) {
            return new ObjectDefinitions(before, after);
        }
        for (String[] r : rows(c, "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?"
                + " AND ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE') AND LEFT(ROUTINE_NAME, 6) <> 'ferry_' ORDER BY ROUTINE_TYPE, ROUTINE_NAME", schema)) {
            after.add(object(c, schema, r[0].toLowerCase(java.util.Locale.ROOT), r[1], "SHOW CREATE " + r[0] + " " + d.quote(r[1]), 3, qualifier));
        }
        after.addAll(views(c, schema, qualifier));
        for (String[] r : rows(c, "SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?"
                + " AND LEFT(TRIGGER_NAME, 6) <> 'ferry_' AND LEFT(EVENT_OBJECT_TABLE, 6) <> 'ferry_'"
                + " ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER", schema)) {
            // Created in their action order, each after the one before: the order they fire in stays the same.
            after.add(object(c, schema, "trigger", r[0] + "." + r[1], "SHOW CREATE TRIGGER " + d.quote(r[1]), 3, qualifier));
        }
        return new ObjectDefinitions(before, after);
    }

    private List<String> tableDefaults(Connection c, String schema, List<String> tables) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String[] r : rows(c, "SELECT TABLE_NAME, COALESCE(COLUMN_DEFAULT, '') FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?", schema)) {
            if (tables.contains(r[0])) {
                out.add(r[1]);
            }
        }
        return out;
    }

    /** The views, each after the views it selects from (a MariaDB view may read another view). */
    private List<ObjectDefinition> views(Connection c, String schema, String qualifier) throws SQLException {
        List<String[]> views = rows(c, "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?"
                + " ORDER BY TABLE_NAME", schema);
        Map<String, Set<String>> needs = new HashMap<>();
        for (String[] v : views) {
            Set<String> uses = new LinkedHashSet<>();
            for (String[] other : views) {
                if (v[1].contains(d.quote(other[0]))) {
                    uses.add(other[0]);
                }
            }
            needs.put(v[0], uses);
        }
        List<ObjectDefinition> out = new ArrayList<>();
        for (String[] v : DependencyOrder.sort(views, v -> v[0], needs)) {
            out.add(object(c, schema, "view", v[0], "SHOW CREATE VIEW " + d.quote(v[0]), 2, qualifier));
        }
        return out;
    }

    private ObjectDefinition object(Connection c, String schema, String kind, String name, String show, int column, String qualifier)
            throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(show)) {
            String create = rs.next() ? rs.getString(column) : null;
            if (create == null) {
                throw new SQLException("MariaDB does not show the definition of " + kind + " " + name + " to this user; "
                        + "the backup needs the rights to read it (SHOW CREATE)", "42000");
            }
            return new ObjectDefinition(schema, kind, name, List.of(DEFINER.matcher(create).replaceFirst("").replace(qualifier, "")));
        }
    }

    /** Sets the restored sequence to hand out the value the source would have handed out next. */
    private String sequenceState(Connection c, String sequence) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT next_not_cached_value FROM " + d.quote(sequence))) {
            rs.next();
            return "SELECT SETVAL(" + d.quote(sequence) + ", " + rs.getLong(1) + ", 0)";
        }
    }

    private static List<String[]> rows(Connection c, String sql, String schema) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return out;
    }

    /** Removes an object a failed restore created (MariaDB's DDL commits at once, so a rollback cannot). */
    String drop(ObjectDefinition o) {
        return switch (o.kind()) {
            case "sequence", "view", "function", "procedure" -> "DROP " + o.kind().toUpperCase(java.util.Locale.ROOT) + " IF EXISTS " + d.quote(o.name());
            case "trigger" -> "DROP TRIGGER IF EXISTS " + d.quote(o.name().substring(o.name().indexOf('.') + 1));
            default -> null;
        };
    }
}
