package dev.ferry.db;

import dev.ferry.db.DdlStep.Phase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB (and MySQL) statements written from what the server's {@code SHOW CREATE} prints:
 * {@code information_schema} describes columns and routines in parts that do not add up to a
 * statement, so every table's lines (columns, keys, constraints) and every view, routine, trigger
 * and sequence are read as the server writes them, without their {@code DEFINER}. MariaDB has no
 * {@code NOT VALID}: adding a foreign key or check reads every row while writes wait.
 */
final class MariaDbSchemaDdl implements SchemaDdl {
    private static final Pattern DEFINER = Pattern.compile(" DEFINER=`(?:[^`]|``)*`@`(?:[^`]|``)*`");
    private static final Pattern AUTO_INCREMENT = Pattern.compile(" AUTO_INCREMENT=\\d+");
    private static final Pattern NAME = Pattern.compile("^(?:(?:UNIQUE |FULLTEXT |SPATIAL )?KEY|CONSTRAINT) `((?:[^`]|``)*)`");
    private static final Pattern COLUMN_TYPE_END = Pattern.compile(
            " (?:NOT NULL|NULL|DEFAULT|AUTO_INCREMENT|COMMENT|COLLATE|CHARACTER SET|GENERATED|ON UPDATE|CHECK|INVISIBLE)\\b");

    @Override
    public Map<String, String> sources(Connection c, String schema) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        String qualifier = quote(schema) + ".";
        for (String[] t : rows(c, "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", schema)) {
            String kind = t[1].equals("VIEW") ? "VIEW" : t[1].equals("SEQUENCE") ? "SEQUENCE" : "TABLE";
            String create = show(c, "SHOW CREATE " + kind + " " + qualifier + quote(t[0]), 2).replace(qualifier, "");
            if (kind.equals("TABLE")) {
                tableLines(t[0], create, out);
            } else {
                out.put(kind.toLowerCase(Locale.ROOT) + " " + t[0], create);
            }
        }
        for (String[] r : rows(c, "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?", schema)) {
            out.put(r[1].toLowerCase(Locale.ROOT) + " " + r[0], show(c, "SHOW CREATE " + r[1] + " " + qualifier + quote(r[0]), 3)
                    .replace(qualifier, ""));
        }
        for (String[] r : rows(c, "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?",
                schema)) {
            out.put("trigger " + r[1] + "." + r[0], show(c, "SHOW CREATE TRIGGER " + qualifier + quote(r[0]), 3).replace(qualifier, ""));
        }
        return out;
    }

    /** The table statement (without its AUTO_INCREMENT counter) and each of its lines under the name the catalog gives it. */
    private static void tableLines(String table, String create, Map<String, String> out) {
        out.put("table " + table, AUTO_INCREMENT.matcher(create).replaceAll(""));
        for (String line : body(create)) {
            if (line.startsWith("`")) {
                String column = line.substring(1, line.indexOf('`', 1));
                out.put("column " + table + "." + column, line);
                int check = line.indexOf(" CHECK (");
                if (check > 0) {
                    // A column's own check is a constraint named after the column, written inside the column's line.
                    out.put("constraint " + table + "." + column, "CONSTRAINT " + quote(column) + line.substring(check));
                }
            } else if (line.startsWith("PRIMARY KEY")) {
                out.put("constraint " + table + ".PRIMARY", line);
            } else {
                Matcher m = NAME.matcher(line);
                if (m.find()) {
                    String kind = line.startsWith("UNIQUE") || line.startsWith("CONSTRAINT") ? "constraint" : "index";
                    out.put(kind + " " + table + "." + m.group(1).replace("``", "`"), line);
                }
            }
        }
    }

    /** The lines between a CREATE TABLE's parentheses, without their commas. */
    private static List<String> body(String create) {
        List<String> lines = new ArrayList<>();
        String[] all = create.split("\n");
        for (int i = 1; i < all.length && !all[i].startsWith(")"); i++) {
            String line = all[i].strip();
            lines.add(line.endsWith(",") ? line.substring(0, line.length() - 1) : line);
        }
        return lines;
    }

    @Override
    public List<DdlStep> create(DdlObject o, DdlContext context) {
        boolean newTable = context.createdTable(o.schema(), o.table());
        return switch (o.kind()) {
            case "table" -> List.of(DdlStep.of(Phase.CREATE_TABLE, createTable(o)));
            case "column" -> newTable ? List.of() : List.of(DdlStep.of(Phase.ADD_COLUMN, alterTable(o) + " ADD COLUMN " + source(o)));
            case "constraint" -> addConstraint(o, newTable);
            case "index" -> newTable ? List.of() : List.of(new DdlStep(Phase.CREATE_INDEX, alterTable(o) + " ADD " + source(o), null,
                    null, false));
            case "view", "sequence", "function", "procedure", "trigger" -> List.of(DdlStep.of(phaseOf(o.kind()),
                    DEFINER.matcher(source(o)).replaceFirst("")));
            default -> throw new UnwritableChange("cannot create " + o.kind() + " " + o.name());
        };
    }

    private static Phase phaseOf(String kind) {
        return switch (kind) {
            case "view" -> Phase.CREATE_VIEW;
            case "sequence" -> Phase.CREATE_SEQUENCE;
            case "trigger" -> Phase.CREATE_TRIGGER;
            default -> Phase.CREATE_FUNCTION;
        };
    }

    /** The table as the server prints it, without its foreign keys: those are added once every table exists. */
    private static String createTable(DdlObject o) {
        String create = source(o);
        List<String> lines = body(create).stream().filter(l -> !isForeignKey(l)).toList();
        String head = create.substring(0, create.indexOf('\n'));
        String tail = create.substring(create.indexOf("\n)") + 1);
        return head + "\n  " + String.join(",\n  ", lines) + "\n" + tail;
    }

    private List<DdlStep> addConstraint(DdlObject o, boolean newTable) {
        String line = source(o);
        boolean foreignKey = isForeignKey(line);
        if (newTable && !foreignKey) {
            return List.of();
        }
        String sql = alterTable(o) + " ADD " + line;
        Phase phase = foreignKey ? Phase.ADD_FOREIGN_KEY : Phase.ADD_CONSTRAINT;
        if (newTable) {
            return List.of(DdlStep.of(phase, sql));
        }
        return List.of(DdlStep.risky(phase, sql, line.startsWith("PRIMARY") || line.startsWith("UNIQUE")
                ? "long lock: builds a unique index on " + o.table() + "; fails if existing rows hold duplicates"
                : "long lock: MariaDB has no NOT VALID, so every row of " + o.table() + " is checked while writes wait"));
    }

    private static boolean isForeignKey(String line) {
        return line.startsWith("CONSTRAINT") && line.contains(" FOREIGN KEY ");
    }

    @Override
    public List<DdlStep> drop(DdlObject o, DdlContext context) {
        if (!o.kind().equals("table") && context.droppedTable(o.schema(), o.table())) {
            return List.of();
        }
        String name = quote(o.member());
        return switch (o.kind()) {
            case "table" -> List.of(DdlStep.risky(Phase.DROP_TABLE, "DROP TABLE " + quote(o.name()),
                    "data loss: drops table " + o.name() + " and every row in it"));
            case "column" -> List.of(DdlStep.risky(Phase.DROP_COLUMN, alterTable(o) + " DROP COLUMN " + name,
                    "data loss: drops column " + o.name() + " and every value in it"));
            case "constraint" -> List.of(dropConstraint(o));
            case "index" -> List.of(DdlStep.of(Phase.DROP_INDEX, alterTable(o) + " DROP INDEX " + name));
            case "view" -> List.of(DdlStep.of(Phase.DROP_VIEW, "DROP VIEW " + name));
            case "sequence" -> List.of(DdlStep.of(Phase.DROP_SEQUENCE, "DROP SEQUENCE " + name));
            case "function", "procedure" -> List.of(DdlStep.of(Phase.DROP_FUNCTION, "DROP " + o.kind().toUpperCase(Locale.ROOT) + " " + name));
            case "trigger" -> List.of(DdlStep.of(Phase.DROP_TRIGGER, "DROP TRIGGER " + name));
            default -> throw new UnwritableChange("cannot drop " + o.kind() + " " + o.name());
        };
    }

    /** The catalog's definition starts with the constraint's type, which says how to drop it. */
    private static DdlStep dropConstraint(DdlObject o) {
        String def = o.definition();
        String table = alterTable(o);
        if (def.startsWith("PRIMARY KEY")) {
            return DdlStep.of(Phase.DROP_CONSTRAINT, table + " DROP PRIMARY KEY");
        }
        if (def.startsWith("FOREIGN KEY")) {
            return DdlStep.of(Phase.DROP_FOREIGN_KEY, table + " DROP FOREIGN KEY " + quote(o.member()));
        }
        return DdlStep.of(Phase.DROP_CONSTRAINT, table + (def.startsWith("UNIQUE") ? " DROP INDEX " : " DROP CONSTRAINT ") + quote(o.member()));
    }

    @Override
    public List<DdlStep> alter(DdlObject before, DdlObject after, DdlContext context) {
        return switch (after.kind()) {
            case "table" -> alterTable(before, after);
            case "column" -> alterColumn(before, after);
            case "view" -> List.of(DdlStep.of(Phase.CREATE_VIEW,
                    DEFINER.matcher(source(after)).replaceFirst("").replaceFirst("^CREATE ", "CREATE OR REPLACE ")));
            default -> {
                List<DdlStep> steps = new ArrayList<>(drop(before, context));
                steps.addAll(create(after, context));
                yield steps;
            }
        };
    }

    private List<DdlStep> alterTable(DdlObject before, DdlObject after) {
        String a = options(source(before));
        String b = options(source(after));
        if (!partitioning(a).equals(partitioning(b))) {
            throw new UnwritableChange("the partitioning of table " + after.name() + " changed; write the repartitioning by hand");
        }
        String set = b.replaceAll("\\s*/\\*.*", "").strip() + (a.contains("COMMENT=") && !b.contains("COMMENT=") ? " COMMENT=''" : "");
        String engine = engine(a).equals(engine(b)) ? null
                : "table rewrite: changing the engine of " + after.name() + " copies the table while writes wait";
        return List.of(DdlStep.risky(Phase.ALTER_TABLE, "ALTER TABLE " + quote(after.name()) + " " + set, engine));
    }

    private static String options(String create) {
        return create.substring(create.lastIndexOf("\n)") + 2).strip();
    }

    private static String partitioning(String options) {
        int p = options.indexOf("PARTITION BY");
        return p < 0 ? "" : options.substring(p);
    }

    private static String engine(String options) {
        Matcher m = Pattern.compile("ENGINE=(\\w+)").matcher(options);
        return m.find() ? m.group(1) : "";
    }

    private List<DdlStep> alterColumn(DdlObject before, DdlObject after) {
        String a = source(before);
        String b = source(after);
        String fromType = columnType(a);
        String toType = columnType(b);
        List<DdlStep> steps = new ArrayList<>();
        if (!fromType.equals(toType) && fromType.matches("(tiny|small|medium|big)?int.*") && toType.equals("uuid")) {
            return List.of(DdlStep.manual(Phase.ALTER_COLUMN, after.name() + " goes from " + fromType + " to uuid: a key type change is"
                    + " not a MODIFY COLUMN (every row and every referencing column changes). Do it by expand/contract: add a uuid"
                    + " column, fill it, move references and readers to it, then drop the old column in a later migration"));
        }
        String risk = !fromType.equals(toType)
                ? "table rewrite: changing the type of " + after.name() + " copies the table while writes wait"
                : !a.contains(" NOT NULL") && b.contains(" NOT NULL") ? "fails if " + after.name() + " holds NULLs" : null;
        steps.add(DdlStep.risky(Phase.ALTER_COLUMN, alterTable(after) + " MODIFY COLUMN " + b, risk));
        return steps;
    }

    private static String columnType(String line) {
        String rest = line.substring(line.indexOf('`', 1) + 2);
        Matcher m = COLUMN_TYPE_END.matcher(rest);
        return m.find() ? rest.substring(0, m.start()) : rest;
    }

    @Override
    public DdlStep renameTable(String schema, String from, String to) {
        return DdlStep.of(Phase.RENAME, "RENAME TABLE " + quote(from) + " TO " + quote(to));
    }

    @Override
    public DdlStep renameColumn(String schema, String table, String from, String to) {
        return DdlStep.of(Phase.RENAME, "ALTER TABLE " + quote(table) + " RENAME COLUMN " + quote(from) + " TO " + quote(to));
    }

    private static String source(DdlObject o) {
        if (o.source() == null) {
            throw new UnwritableChange("no CREATE statement for " + o.kind() + " " + o.name() + ": on MariaDB the generator reads"
                    + " SHOW CREATE from a live database, and a schema dump file has none; compare with an environment (--to env:NAME)");
        }
        return o.source();
    }

    private static String alterTable(DdlObject o) {
        return "ALTER TABLE " + quote(o.table());
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static String show(Connection c, String sql, int column) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(column) : "";
        }
    }

    private static List<String[]> rows(Connection c, String sql, String schema) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return out;
    }
}
