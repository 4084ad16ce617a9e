package dev.ferry.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The PostgreSQL objects an archive carries besides its tables, each rendered by the server's own
 * functions and ordered by {@code pg_depend}. Every object is a node keyed {@code catalog:oid};
 * the other catalog rows that stand for it (a view's rewrite rule, a type's array type, a
 * domain's constraints, a table's defaults) are its aliases, so each dependency row links two nodes.
 */
final class PostgresArchiveObjects {
    private static final String IN_SCHEMA = " JOIN pg_namespace n ON n.oid = %s WHERE n.nspname = ?";
    private static final String NOT_EXTENSION = " AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.objid = %s AND x.deptype = 'e')";
    private static final String RELATIONS = " FROM pg_class c" + IN_SCHEMA.formatted("c.relnamespace");

    /** Each query returns key, aliases, kind, name and the statements that create the object. */
    private static final List<String> NODES = List.of(
            "SELECT 'pg_class:' || c.oid, ARRAY['pg_type:' || c.reltype]"
                    + " || ARRAY(SELECT 'pg_attrdef:' || a.oid FROM pg_attrdef a WHERE a.adrelid = c.oid)"
                    + " || ARRAY(SELECT 'pg_constraint:' || k.oid FROM pg_constraint k WHERE k.conrelid = c.oid),"
                    + " 'table', c.relname, ARRAY[]::text[]" + RELATIONS
                    + " AND c.relkind IN ('r', 'p')",
            "SELECT 'pg_extension:' || e.oid, ARRAY(SELECT x.classid::regclass::text || ':' || x.objid FROM pg_depend x"
                    + " WHERE x.refclassid = 'pg_extension'::regclass AND x.refobjid = e.oid AND x.deptype = 'e'),"
                    + " 'extension', e.extname, ARRAY['CREATE EXTENSION IF NOT EXISTS ' || quote_ident(e.extname)]"
                    + " FROM pg_extension e" + IN_SCHEMA.formatted("e.extnamespace"),
            "SELECT 'pg_type:' || t.oid, ARRAY['pg_type:' || t.typarray, 'pg_class:' || t.typrelid]"
                    + " || ARRAY(SELECT 'pg_constraint:' || k.oid FROM pg_constraint k WHERE k.contypid = t.oid)"
                    + " || ARRAY(SELECT 'pg_type:' || r.rngmultitypid FROM pg_range r WHERE r.rngtypid = t.oid),"
                    + " CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type' ELSE 'composite type' END,"
                    + " t.typname, ARRAY[CASE t.typtype"
                    + " WHEN 'e' THEN 'CREATE TYPE ' || quote_ident(t.typname) || ' AS ENUM (' || coalesce((SELECT"
                    + " string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), '') || ')'"
                    + " WHEN 'd' THEN 'CREATE DOMAIN ' || quote_ident(t.typname) || ' AS ' || format_type(t.typbasetype, t.typtypmod)"
                    + " || coalesce((SELECT ' COLLATE ' || quote_ident(co.collname) FROM pg_collation co JOIN pg_type b ON b.oid = t.typbasetype"
                    + " WHERE co.oid = t.typcollation AND t.typcollation <> b.typcollation), '')"
                    + " || coalesce(' DEFAULT ' || t.typdefault, '') || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END"
                    + " || coalesce((SELECT string_agg(' CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid), ''"
                    + " ORDER BY k.conname) FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c'), '')"
                    + " WHEN 'r' THEN (SELECT 'CREATE TYPE ' || quote_ident(t.typname) || ' AS RANGE (SUBTYPE = ' || format_type(r.rngsubtype, NULL)"
                    + " || CASE WHEN oc.opcdefault THEN '' ELSE ', SUBTYPE_OPCLASS = ' || quote_ident(oc.opcname) END"
                    + " || CASE WHEN r.rngsubdiff <> 0 THEN ', SUBTYPE_DIFF = ' || r.rngsubdiff::regproc::text ELSE '' END"
                    + " || ', MULTIRANGE_TYPE_NAME = ' || quote_ident(m.typname) || ')' FROM pg_range r JOIN pg_type m ON m.oid = r.rngmultitypid"
                    + " JOIN pg_opclass oc ON oc.oid = r.rngsubopc WHERE r.rngtypid = t.oid)"
                    + " ELSE 'CREATE TYPE ' || quote_ident(t.typname) || ' AS (' || coalesce((SELECT string_agg(quote_ident(a.attname) || ' '"
                    + " || format_type(a.atttypid, a.atttypmod) || coalesce((SELECT ' COLLATE ' || quote_ident(co.collname) FROM pg_collation co"
                    + " JOIN pg_type at ON at.oid = a.atttypid WHERE co.oid = a.attcollation AND a.attcollation <> at.typcollation), ''),"
                    + " ', ' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '')"
                    + " || ')' END] FROM pg_type t" + IN_SCHEMA.formatted("t.typnamespace")
                    + " AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))"
                    + " AND left(t.typname, 6) <> 'ferry_'" + NOT_EXTENSION.formatted("t.oid"),
            "SELECT 'pg_class:' || c.oid, ARRAY[]::text[], 'sequence', c.relname, ARRAY['CREATE SEQUENCE IF NOT EXISTS ' || quote_ident(c.relname)"
                    + " || ' AS ' || format_type(s.seqtypid, NULL) || ' INCREMENT BY ' || s.seqincrement || ' MINVALUE ' || s.seqmin"
                    + " || ' MAXVALUE ' || s.seqmax || ' START WITH ' || s.seqstart || ' CACHE ' || s.seqcache"
                    + " || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END]"
                    + " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid" + IN_SCHEMA.formatted("c.relnamespace")
                    + " AND left(c.relname, 6) <> 'ferry_' AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass"
                    + " AND x.objid = c.oid AND x.deptype IN ('i', 'e'))",
            "SELECT 'pg_proc:' || p.oid, ARRAY[]::text[], CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,"
                    + " p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', ARRAY[pg_get_functiondef(p.oid)]"
                    + " FROM pg_proc p" + IN_SCHEMA.formatted("p.pronamespace") + " AND p.prokind IN ('f', 'p')"
                    + " AND left(p.proname, 6) <> 'ferry_'" + NOT_EXTENSION.formatted("p.oid"),
            "SELECT 'pg_class:' || c.oid, ARRAY['pg_type:' || c.reltype] || ARRAY(SELECT 'pg_rewrite:' || r.oid FROM pg_rewrite r"
                    + " WHERE r.ev_class = c.oid), CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END, c.relname,"
                    + " ARRAY[CASE c.relkind WHEN 'm' THEN 'CREATE MATERIALIZED VIEW ' ELSE 'CREATE VIEW ' END || quote_ident(c.relname)"
                    + " || coalesce(' WITH (' || array_to_string(c.reloptions, ', ') || ')', '') || ' AS '"
                    + " || regexp_replace(pg_get_viewdef(c.oid), ';\\s*$', '')"
                    + " || CASE WHEN c.relkind <> 'm' THEN '' WHEN c.relispopulated THEN ' WITH DATA' ELSE ' WITH NO DATA' END]"
                    + " || ARRAY(SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = c.oid ORDER BY i.indexrelid)"
                    + RELATIONS + " AND c.relkind IN ('v', 'm')"
                    + " AND left(c.relname, 6) <> 'ferry_'" + NOT_EXTENSION.formatted("c.oid"),
            "SELECT 'pg_trigger:' || t.oid, ARRAY[]::text[], 'trigger', c.relname || '.' || t.tgname, ARRAY[pg_get_triggerdef(t.oid)]"
                    + " || ARRAY(SELECT 'ALTER TABLE ' || quote_ident(c.relname) || CASE t.tgenabled WHEN 'D' THEN ' DISABLE'"
                    + " WHEN 'R' THEN ' ENABLE REPLICA' ELSE ' ENABLE ALWAYS' END || ' TRIGGER ' || quote_ident(t.tgname) WHERE t.tgenabled <> 'O')"
                    + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid" + IN_SCHEMA.formatted("c.relnamespace")
                    + " AND NOT t.tgisinternal AND t.tgparentid = 0 AND left(t.tgname, 6) <> 'ferry_' AND left(c.relname, 6) <> 'ferry_'");

    /** Comments on the schema's objects: the node they belong to, pg_identify_object's type and identity, the text. */
    private static final String COMMENTS = "SELECT CASE WHEN d.classoid = 'pg_constraint'::regclass THEN (SELECT CASE WHEN k.conrelid <> 0"
            + " THEN 'pg_class:' || k.conrelid ELSE 'pg_type:' || k.contypid END FROM pg_constraint k WHERE k.oid = d.objoid)"
            + " WHEN d.classoid = 'pg_class'::regclass THEN 'pg_class:' || coalesce((SELECT i.indrelid FROM pg_index i"
            + " WHERE i.indexrelid = d.objoid), d.objoid) ELSE d.classoid::regclass::text || ':' || d.objoid END,"
            + " o.type, o.identity, d.description FROM pg_description d CROSS JOIN LATERAL pg_identify_object(d.classoid, d.objoid, d.objsubid) o"
            + " WHERE d.objoid >= 16384 AND o.schema = ? ORDER BY d.classoid, d.objoid, d.objsubid"; // below 16384: the server's own

    private static final String DEPENDENCIES = "SELECT x.classid::regclass::text || ':' || x.objid, x.refclassid::regclass::text || ':' || x.refobjid"
            + " FROM pg_depend x WHERE x.deptype IN ('n', 'a') AND x.objid::int8 = ANY (?) AND x.refobjid::int8 = ANY (?)";

    /** Creation order among objects free to go: the order pg_dump follows too. */
    private static final List<String> KINDS = List.of("extension", "enum", "domain", "composite type", "range type", "sequence",
            "function", "procedure", "table", "view", "materialized view", "trigger");

    private final PostgresDialect d;

    PostgresArchiveObjects(PostgresDialect d) {
        this.d = d;
    }

    private static final class Node {
        final String key;
        final List<String> aliases;
        final String kind;
        final String name;
        final List<String> statements;
        final Set<String> needs = new LinkedHashSet<>();

        Node(String key, List<String> aliases, String kind, String name, List<String> statements) {
            this.key = key;
            this.aliases = aliases;
            this.kind = kind;
            this.name = name;
            this.statements = new ArrayList<>(statements);
        }

        boolean late() {
            return kind.equals("view") || kind.equals("materialized view") || kind.equals("trigger");
        }
    }

    ObjectDefinitions read(Connection c, String schema, List<String> tables, boolean wholeSchema) throws SQLException {
        String qualifier = Catalogs.strings(c, "SELECT quote_ident(?) || '.'", schema).get(0);
        List<Node> nodes = new ArrayList<>();
        for (String sql : NODES) {
            nodes.addAll(nodes(c, sql, schema, qualifier));
        }
        Map<String, Node> byAlias = new HashMap<>();
        for (Node n : nodes) {
            byAlias.put(n.key, n);
            n.aliases.forEach(a -> byAlias.putIfAbsent(a, n));
        }
        link(c, byAlias);
        Set<Node> late = lateNodes(nodes);
        Set<Node> chosen = neededBy(nodes, tables, late);
        if (wholeSchema) {
            nodes.stream().filter(n -> !n.kind.equals("table")).forEach(chosen::add);
        }
        List<ObjectDefinition> tableComments = comments(c, schema, qualifier, byAlias, chosen);
        nodes.sort(java.util.Comparator.comparingInt((Node n) -> KINDS.indexOf(n.kind)).thenComparing(n -> n.name));
        Map<String, Set<String>> needs = new HashMap<>();
        nodes.forEach(n -> needs.put(n.key, n.needs));
        List<ObjectDefinition> before = new ArrayList<>();
        List<ObjectDefinition> after = new ArrayList<>();
        // Tables are created by their own statements between the two phases, never among these objects.
        for (Node n : DependencyOrder.sort(nodes.stream().filter(n -> chosen.contains(n) && !n.kind.equals("table")).toList(), x -> x.key, needs)) {
            (late.contains(n) ? after : before).add(new ObjectDefinition(schema, n.kind, n.name, n.statements));
            if (n.kind.equals("sequence")) {
                after.add(new ObjectDefinition(schema, n.kind, n.name, List.of(sequenceState(c, n.name))));
                String[] owner = owner(c, n.name);
                if (owner != null && tables.contains(owner[0])) {
                    // Part of its table's definition: given where the restore created that table.
                    after.add(new ObjectDefinition(schema, "table", owner[0],
                            List.of("ALTER SEQUENCE " + d.quote(n.name) + " OWNED BY " + d.quote(owner[0]) + "." + d.quote(owner[1]))));
                }
            }
        }
        after.addAll(tableComments);
        return new ObjectDefinitions(before, after);
    }

    private List<Node> nodes(Connection c, String sql, String schema, String qualifier) throws SQLException {
        List<Node> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(3);
                    List<String> statements = new ArrayList<>(List.of((String[]) rs.getArray(5).getArray()));
                    if (kind.equals("function") || kind.equals("procedure")) {
                        // pg_get_functiondef always qualifies the routine's own name; the rest is as written.
                        statements.set(0, statements.get(0).replaceFirst("^(CREATE OR REPLACE (FUNCTION|PROCEDURE) )" + Pattern.quote(qualifier), "$1"));
                    }
                    out.add(new Node(rs.getString(1), List.of((String[]) rs.getArray(2).getArray()), kind, rs.getString(4), statements));
                }
            }
        }
        return out;
    }

    /** Records, on each node, the nodes it depends on. */
    private static void link(Connection c, Map<String, Node> byAlias) throws SQLException {
        Long[] oids = byAlias.keySet().stream().map(k -> Long.valueOf(k.substring(k.indexOf(':') + 1))).distinct().toArray(Long[]::new);
        try (PreparedStatement ps = c.prepareStatement(DEPENDENCIES)) {
            Array array = c.createArrayOf("int8", oids);
            ps.setArray(1, array);
            ps.setArray(2, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Node from = byAlias.get(rs.getString(1));
                    Node to = byAlias.get(rs.getString(2));
                    if (from != null && to != null && from != to) {
                        from.needs.add(to.key);
                    }
                }
            }
        }
    }

    /**
     * Views and triggers, and the routines that name a table or a view in their signature: they
     * are created once the rows are in. Other routines come before the tables, as a default or
     * a check may call them.
     */
    private static Set<Node> lateNodes(List<Node> nodes) {
        Set<String> late = new LinkedHashSet<>();
        nodes.stream().filter(n -> n.late() || n.kind.equals("table")).forEach(n -> late.add(n.key));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Node n : nodes) {
                if (!late.contains(n.key) && (n.kind.equals("function") || n.kind.equals("procedure"))
                        && n.needs.stream().anyMatch(late::contains)) {
                    grew = late.add(n.key) || grew;
                }
            }
        }
        Set<Node> out = new LinkedHashSet<>();
        nodes.stream().filter(n -> late.contains(n.key) && !n.kind.equals("table")).forEach(out::add);
        return out;
    }

    /** The chosen tables and what they need to be created, followed through types, domains, sequences and routines. */
    private static Set<Node> neededBy(List<Node> nodes, List<String> tables, Set<Node> late) {
        Map<String, Node> byKey = new HashMap<>();
        nodes.forEach(n -> byKey.put(n.key, n));
        Set<Node> out = new LinkedHashSet<>();
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
        nodes.stream().filter(n -> n.kind.equals("table") && tables.contains(n.name)).forEach(todo::add);
        while (!todo.isEmpty()) {
            Node n = todo.poll();
            if (out.add(n)) {
                n.needs.stream().map(byKey::get).filter(x -> !x.kind.equals("table") && !late.contains(x)).forEach(todo::add);
            }
        }
        return out;
    }

    /**
     * The comments on the chosen objects: appended to the node they belong to, and, for a table,
     * its columns and constraints, returned as objects of their own created after the data.
     */
    private List<ObjectDefinition> comments(Connection c, String schema, String qualifier, Map<String, Node> byAlias, Set<Node> chosen)
            throws SQLException {
        Map<Node, List<String>> tables = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(COMMENTS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Node owner = byAlias.get(rs.getString(1));
                    if (owner != null && chosen.contains(owner)) {
                        String sql = commentOn(rs.getString(2), rs.getString(3).replace(qualifier, ""), rs.getString(4));
                        (owner.kind.equals("table") ? tables.computeIfAbsent(owner, k -> new ArrayList<>()) : owner.statements).add(sql);
                    }
                }
            }
        }
        List<ObjectDefinition> out = new ArrayList<>();
        tables.forEach((t, sql) -> out.add(new ObjectDefinition(schema, "table", t.name, sql)));
        return out;
    }

    private String commentOn(String type, String identity, String text) {
        String what = switch (type) {
            case "table constraint", "domain constraint" -> "CONSTRAINT";
            default -> type.endsWith(" column") ? "COLUMN" : type.toUpperCase(java.util.Locale.ROOT);
        };
        String target = type.equals("domain constraint") ? identity.replaceFirst(" on ", " ON DOMAIN ") : identity;
        return "COMMENT ON " + what + " " + target + " IS " + d.literal(text);
    }

    /** Puts the sequence where the source had it, so the next value the restored database hands out is the same. */
    private String sequenceState(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT last_value, is_called FROM " + d.quote(name))) {
            rs.next();
            return "SELECT setval(" + d.literal(d.quote(name)) + ", " + rs.getLong(1) + ", " + rs.getBoolean(2) + ")";
        }
    }

    /** The table and column that own the sequence; {@code null} when none does. */
    private String[] owner(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(OWNER)) {
            ps.setString(1, d.quote(name));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
            }
        }
    }

    private static final String OWNER = "SELECT oc.relname, oa.attname FROM pg_depend x JOIN pg_class oc ON oc.oid = x.refobjid"
            + " JOIN pg_attribute oa ON oa.attrelid = x.refobjid AND oa.attnum = x.refobjsubid WHERE x.classid = 'pg_class'::regclass"
            + " AND x.objid = ?::regclass AND x.refclassid = 'pg_class'::regclass AND x.deptype = 'a'";
}
