package dev.ferry.db;

import dev.ferry.db.DdlStep.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL statements written from the catalog's definitions ({@code pg_get_indexdef},
 * {@code pg_get_functiondef} and {@code pg_get_triggerdef} are statements already; columns,
 * sequences and tables are read back from the parts {@link PostgresSchemaCatalogSql} joins).
 * Where PostgreSQL has a form that does not block writes it is used: constraints added
 * {@code NOT VALID} then validated, {@code SET NOT NULL} behind a validated check, indexes built
 * {@code CONCURRENTLY} when the script may run outside a transaction.
 */
final class PostgresSchemaDdl implements SchemaDdl {
    private static final Pattern COMMENT = Pattern.compile("(?:^| )comment (E?'(?:[^']|'')*')$");
    private static final Pattern COLLATE = Pattern.compile(" collate (\\S+)$");
    private static final Pattern IDENTITY = Pattern.compile(" identity (always|by default)$");
    private static final Pattern GENERATED = Pattern.compile(" generated always as (.*) stored$", Pattern.DOTALL);
    private static final Pattern SEQUENCE = Pattern.compile(
            "^(.+?) start (-?\\d+) increment (-?\\d+) min (-?\\d+) max (-?\\d+)( cycle)?(?: owned by (.+))?$");
    private static final Pattern POLICY = Pattern.compile(
            "^(permissive|restrictive) for (\\w+) to (.+?)(?: using (.+?))?(?: with check (.+))?$", Pattern.DOTALL);
    private static final Pattern INDEX_TABLE = Pattern.compile(" ON (?:ONLY )?(\\S+) USING ");
    private static final Pattern LABEL = Pattern.compile("'((?:[^']|'')*)'");
    private static final Set<String> INTEGERS = Set.of("smallint", "integer", "bigint");
    private static final Set<String> RESERVED = Set.of("all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
            "both", "case", "cast", "check", "collate", "column", "constraint", "create", "current_catalog", "current_date",
            "current_role", "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do",
            "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in", "initially",
            "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only",
            "or", "order", "placing", "primary", "references", "returning", "select", "session_user", "some", "symmetric", "table",
            "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where", "window", "with");

    @Override
    public List<DdlStep> create(DdlObject o, DdlContext context) {
        String q = qualified(o.schema(), o.name());
        String def = o.definition();
        return switch (o.kind()) {
            case "table" -> createTable(o, context);
            case "column" -> context.createdTable(o.schema(), o.table()) ? List.of() : addColumn(o);
            case "constraint" -> addConstraint(o, context);
            case "index" -> createIndex(o, context);
            case "view" -> List.of(DdlStep.of(Phase.CREATE_VIEW, "CREATE VIEW " + q + " AS\n" + body(def)));
            case "materialized view" -> List.of(DdlStep.of(Phase.CREATE_VIEW, "CREATE MATERIALIZED VIEW " + q + " AS\n" + body(def)));
            case "sequence" -> createSequence(o);
            case "enum" -> List.of(DdlStep.of(Phase.CREATE_TYPE, "CREATE TYPE " + q + " AS ENUM (" + def + ")"));
            case "domain" -> List.of(DdlStep.of(Phase.CREATE_TYPE, "CREATE DOMAIN " + q + " AS " + def));
            case "composite type" -> List.of(DdlStep.of(Phase.CREATE_TYPE, "CREATE TYPE " + q + " AS (" + def + ")"));
            case "function", "procedure" -> List.of(DdlStep.of(Phase.CREATE_FUNCTION, def));
            case "trigger" -> List.of(DdlStep.of(Phase.CREATE_TRIGGER, def));
            case "policy" -> createPolicy(o);
            case "extension" -> List.of(DdlStep.of(Phase.CREATE_EXTENSION,
                    "CREATE EXTENSION IF NOT EXISTS " + ident(o.name()) + " SCHEMA " + ident(o.schema())));
            default -> throw new UnwritableChange("cannot create " + o.kind() + " " + o.schema() + "." + o.name());
        };
    }

    @Override
    public List<DdlStep> drop(DdlObject o, DdlContext context) {
        String q = qualified(o.schema(), o.name());
        boolean tableGoes = context.droppedTable(o.schema(), o.table());
        return switch (o.kind()) {
            case "table" -> List.of(DdlStep.risky(Phase.DROP_TABLE, "DROP TABLE " + q,
                    "data loss: drops table " + o.name() + " and every row in it"));
            case "column" -> tableGoes ? List.of() : List.of(DdlStep.risky(Phase.DROP_COLUMN, alterTable(o) + " DROP COLUMN "
                    + ident(o.member()), "data loss: drops column " + o.name() + " and every value in it"));
            case "constraint" -> tableGoes ? List.of() : List.of(DdlStep.of(
                    isForeignKey(o) ? Phase.DROP_FOREIGN_KEY : Phase.DROP_CONSTRAINT, alterTable(o) + " DROP CONSTRAINT " + ident(o.member())));
            case "index" -> context.droppedTable(o.schema(), indexTable(o)) ? List.of()
                    : List.of(DdlStep.of(Phase.DROP_INDEX, "DROP INDEX " + q));
            case "view" -> List.of(DdlStep.of(Phase.DROP_VIEW, "DROP VIEW " + q));
            case "materialized view" -> List.of(DdlStep.of(Phase.DROP_VIEW, "DROP MATERIALIZED VIEW " + q));
            // A sequence owned by a column goes with its table or column; IF EXISTS covers both.
            case "sequence" -> List.of(DdlStep.of(Phase.DROP_SEQUENCE, "DROP SEQUENCE "
                    + (o.definition().contains(" owned by ") ? "IF EXISTS " : "") + q));
            case "enum", "composite type" -> List.of(DdlStep.of(Phase.DROP_TYPE, "DROP TYPE " + q));
            case "domain" -> List.of(DdlStep.of(Phase.DROP_TYPE, "DROP DOMAIN " + q));
            case "function", "procedure" -> List.of(DdlStep.of(Phase.DROP_FUNCTION, "DROP " + o.kind().toUpperCase(Locale.ROOT) + " "
                    + ident(o.schema()) + "." + routine(o.name())));
            case "trigger" -> tableGoes ? List.of() : List.of(DdlStep.of(Phase.DROP_TRIGGER, "DROP TRIGGER " + ident(o.member())
                    + " ON " + qualified(o.schema(), o.table())));
            case "policy" -> tableGoes ? List.of() : List.of(DdlStep.of(Phase.DROP_POLICY, "DROP POLICY " + ident(o.member())
                    + " ON " + qualified(o.schema(), o.table())));
            case "extension" -> List.of(DdlStep.of(Phase.DROP_EXTENSION, "DROP EXTENSION " + ident(o.name())));
            default -> throw new UnwritableChange("cannot drop " + o.kind() + " " + o.schema() + "." + o.name());
        };
    }

    @Override
    public List<DdlStep> alter(DdlObject before, DdlObject after, DdlContext context) {
        return switch (after.kind()) {
            case "table" -> alterTable(before, after);
            case "column" -> alterColumn(before, after);
            case "sequence" -> alterSequence(before, after);
            case "enum" -> alterEnum(before, after, context);
            case "function", "procedure" -> List.of(DdlStep.of(Phase.CREATE_FUNCTION, after.definition()));
            case "domain", "composite type", "extension" -> throw new UnwritableChange("the " + after.kind() + " " + after.schema() + "."
                    + after.name() + " changed (" + before.definition() + " -> " + after.definition() + "); Ferry does not write "
                    + "ALTER " + after.kind().toUpperCase(Locale.ROOT) + ": write this part of the migration by hand");
            default -> {
                List<DdlStep> steps = new ArrayList<>(drop(before, context));
                steps.addAll(create(after, context));
                yield steps;
            }
        };
    }

    @Override
    public DdlStep renameTable(String schema, String from, String to) {
        return DdlStep.of(Phase.RENAME, "ALTER TABLE " + qualified(schema, from) + " RENAME TO " + ident(to));
    }

    @Override
    public DdlStep renameColumn(String schema, String table, String from, String to) {
        return DdlStep.of(Phase.RENAME, "ALTER TABLE " + qualified(schema, table) + " RENAME COLUMN " + ident(from) + " TO " + ident(to));
    }

    // --- tables

    private List<DdlStep> createTable(DdlObject o, DdlContext context) {
        TableOptions t = TableOptions.parse(o.definition());
        String q = qualified(o.schema(), o.name());
        List<DdlStep> steps = new ArrayList<>();
        if (t.partitionOf() != null) {
            int space = t.partitionOf().indexOf(' ');
            steps.add(DdlStep.of(Phase.CREATE_TABLE, "CREATE TABLE " + q + " PARTITION OF " + qualified(o.schema(),
                    t.partitionOf().substring(0, space)) + " " + t.partitionOf().substring(space + 1)));
        } else {
            List<DdlObject> columns = context.target(o.schema(), "column").stream().filter(c -> c.table().equals(o.name())).toList();
            StringBuilder sql = new StringBuilder("CREATE " + (t.unlogged() ? "UNLOGGED " : "") + "TABLE " + q + " (");
            for (int i = 0; i < columns.size(); i++) {
                sql.append(i == 0 ? "\n    " : ",\n    ").append(ident(columns.get(i).member())).append(' ')
                        .append(Column.parse(columns.get(i).definition()).sql());
            }
            sql.append("\n)").append(t.partitionedBy() == null ? "" : " PARTITION BY " + t.partitionedBy());
            steps.add(DdlStep.of(Phase.CREATE_TABLE, sql.toString()));
            for (DdlObject c : columns) {
                String comment = Column.parse(c.definition()).comment();
                if (comment != null) {
                    steps.add(DdlStep.of(Phase.CREATE_TABLE, "COMMENT ON COLUMN " + q + "." + ident(c.member()) + " IS " + comment));
                }
            }
        }
        steps.addAll(tableOptions(q, new TableOptions(t.unlogged(), t.partitionedBy(), t.partitionOf(), false, false, null), t));
        return steps;
    }

    private List<DdlStep> alterTable(DdlObject before, DdlObject after) {
        TableOptions a = TableOptions.parse(before.definition());
        TableOptions b = TableOptions.parse(after.definition());
        if (!Objects.equals(a.partitionedBy(), b.partitionedBy()) || !Objects.equals(a.partitionOf(), b.partitionOf())) {
            throw new UnwritableChange("the partitioning of table " + after.schema() + "." + after.name() + " changed ("
                    + before.definition() + " -> " + after.definition() + "); repartitioning means a new table and a copy: write it by hand");
        }
        return tableOptions(qualified(after.schema(), after.name()), a, b);
    }

    private static List<DdlStep> tableOptions(String q, TableOptions a, TableOptions b) {
        List<DdlStep> steps = new ArrayList<>();
        if (a.unlogged() != b.unlogged()) {
            steps.add(DdlStep.risky(Phase.ALTER_TABLE, "ALTER TABLE " + q + (b.unlogged() ? " SET UNLOGGED" : " SET LOGGED"),
                    "table rewrite: rewrites the whole table under a lock that blocks reads and writes"));
        }
        if (a.rowSecurity() != b.rowSecurity()) {
            steps.add(DdlStep.of(Phase.ALTER_TABLE, "ALTER TABLE " + q + (b.rowSecurity() ? " ENABLE" : " DISABLE") + " ROW LEVEL SECURITY"));
        }
        if (a.forced() != b.forced()) {
            steps.add(DdlStep.of(Phase.ALTER_TABLE, "ALTER TABLE " + q + (b.forced() ? " FORCE" : " NO FORCE") + " ROW LEVEL SECURITY"));
        }
        if (!Objects.equals(a.comment(), b.comment())) {
            steps.add(DdlStep.of(Phase.ALTER_TABLE, "COMMENT ON TABLE " + q + " IS " + (b.comment() == null ? "NULL" : b.comment())));
        }
        return steps;
    }

    /** The parts of a table's catalog definition. */
    private record TableOptions(boolean unlogged, String partitionedBy, String partitionOf, boolean rowSecurity, boolean forced,
                                String comment) {
        static TableOptions parse(String def) {
            Tail tail = new Tail(def);
            String comment = tail.take(COMMENT);
            String rest = tail.rest;
            boolean forced = rest.endsWith("forced");
            rest = forced ? rest.substring(0, rest.length() - "forced".length()).strip() : rest;
            boolean rls = rest.endsWith("row level security");
            rest = rls ? rest.substring(0, rest.length() - "row level security".length()).strip() : rest;
            boolean unlogged = rest.startsWith("unlogged");
            rest = unlogged ? rest.substring("unlogged".length()).strip() : rest;
            String partitionOf = null;
            int of = rest.indexOf("partition of ");
            if (of >= 0) {
                partitionOf = rest.substring(of + "partition of ".length()).strip();
                rest = rest.substring(0, of).strip();
            }
            String partitionedBy = rest.startsWith("partitioned by ") ? rest.substring("partitioned by ".length()).strip() : null;
            return new TableOptions(unlogged, partitionedBy, partitionOf, rls, forced, comment);
        }
    }

    // --- columns

    private List<DdlStep> addColumn(DdlObject o) {
        Column c = Column.parse(o.definition());
        List<DdlStep> steps = new ArrayList<>();
        String sql = alterTable(o) + " ADD COLUMN " + ident(o.member()) + " " + c.sql();
        steps.add(c.notNull() && c.defaultValue() == null && c.generated() == null && c.identity() == null
                ? DdlStep.risky(Phase.ADD_COLUMN, sql, "fails when " + o.table() + " has rows: NOT NULL without a default;"
                        + " add it nullable, fill it, then set it NOT NULL")
                : DdlStep.of(Phase.ADD_COLUMN, sql));
        if (c.comment() != null) {
            steps.add(DdlStep.of(Phase.ADD_COLUMN, "COMMENT ON COLUMN " + qualified(o.schema(), o.table()) + "." + ident(o.member())
                    + " IS " + c.comment()));
        }
        return steps;
    }

    private List<DdlStep> alterColumn(DdlObject before, DdlObject after) {
        Column a = Column.parse(before.definition());
        Column b = Column.parse(after.definition());
        String column = alterTable(after) + " ALTER COLUMN " + ident(after.member());
        if (!Objects.equals(a.generated(), b.generated())) {
            throw new UnwritableChange("the generated expression of column " + after.schema() + "." + after.name() + " changed;"
                    + " PostgreSQL cannot alter it in place: drop the column and add it again by hand");
        }
        List<DdlStep> steps = new ArrayList<>();
        boolean retype = !a.type().equals(b.type()) || !Objects.equals(a.collation(), b.collation());
        boolean redefault = !Objects.equals(a.defaultValue(), b.defaultValue());
        if (retype && INTEGERS.contains(a.type()) && b.type().equals("uuid")) {
            steps.add(DdlStep.manual(Phase.ALTER_COLUMN, after.name() + " goes from " + a.type() + " to uuid: a key type change is not"
                    + " an ALTER TYPE (every row and every referencing column changes). Do it by expand/contract: add a uuid column,"
                    + " fill it, move references and readers to it, then drop the old column in a later migration"));
            retype = false;
        }
        if ((redefault || retype) && a.defaultValue() != null) {
            steps.add(DdlStep.of(Phase.ALTER_COLUMN, column + " DROP DEFAULT"));
        }
        if (retype) {
            String type = b.type() + (b.collation() == null ? "" : " COLLATE " + quoted(b.collation()));
            steps.add(DdlStep.risky(Phase.ALTER_COLUMN, column + " TYPE " + type + " USING " + ident(after.member()) + "::" + b.type(),
                    "table rewrite: changing the type of " + after.name() + " rewrites the table (and its indexes) under a lock"
                            + " that blocks reads and writes"));
        }
        if ((redefault || retype) && b.defaultValue() != null) {
            steps.add(DdlStep.of(Phase.ALTER_COLUMN, column + " SET DEFAULT " + b.defaultValue()));
        }
        if (a.notNull() && !b.notNull()) {
            steps.add(DdlStep.of(Phase.ALTER_COLUMN, column + " DROP NOT NULL"));
        } else if (!a.notNull() && b.notNull()) {
            steps.addAll(setNotNull(after));
        }
        if (!Objects.equals(a.identity(), b.identity())) {
            steps.add(DdlStep.of(Phase.ALTER_COLUMN, column + (b.identity() == null ? " DROP IDENTITY"
                    : a.identity() == null ? " ADD GENERATED " + b.identity().toUpperCase(Locale.ROOT) + " AS IDENTITY"
                    : " SET GENERATED " + b.identity().toUpperCase(Locale.ROOT))));
        }
        if (!Objects.equals(a.comment(), b.comment())) {
            steps.add(DdlStep.of(Phase.ALTER_COLUMN, "COMMENT ON COLUMN " + qualified(after.schema(), after.table()) + "."
                    + ident(after.member()) + " IS " + (b.comment() == null ? "NULL" : b.comment())));
        }
        return steps;
    }

    /** SET NOT NULL behind a validated check: the check scans without blocking writes, and SET NOT NULL then trusts it. */
    private List<DdlStep> setNotNull(DdlObject o) {
        String table = alterTable(o);
        String check = ident(truncate(o.table() + "_" + o.member() + "_not_null"));
        return List.of(
                DdlStep.risky(Phase.ALTER_COLUMN, table + " ADD CONSTRAINT " + check + " CHECK (" + ident(o.member()) + " IS NOT NULL) NOT VALID",
                        "fails if " + o.name() + " holds NULLs; NOT NULL is set through a validated check, so the scan of existing"
                                + " rows does not block writes"),
                DdlStep.of(Phase.ALTER_COLUMN, table + " VALIDATE CONSTRAINT " + check),
                DdlStep.of(Phase.ALTER_COLUMN, table + " ALTER COLUMN " + ident(o.member()) + " SET NOT NULL"),
                DdlStep.of(Phase.ALTER_COLUMN, table + " DROP CONSTRAINT " + check));
    }

    /**
     * The parts of a column's catalog definition: {@code TYPE [not null] [default E | generated
     * always as (E) stored] [identity always|by default] [collate C] [comment 'text']}.
     */
    record Column(String type, boolean notNull, String defaultValue, String generated, String identity, String collation,
                  String comment) {
        static Column parse(String def) {
            Tail tail = new Tail(def);
            String comment = tail.take(COMMENT);
            String collation = tail.take(COLLATE);
            String identity = tail.take(IDENTITY);
            String generated = tail.take(GENERATED);
            String rest = tail.rest;
            String defaultValue = null;
            int d = rest.indexOf(" default ");
            if (d >= 0) {
                defaultValue = rest.substring(d + " default ".length());
                rest = rest.substring(0, d);
            }
            boolean notNull = rest.endsWith(" not null");
            String type = notNull ? rest.substring(0, rest.length() - " not null".length()) : rest;
            return new Column(type, notNull, defaultValue, generated, identity, collation, comment);
        }

        /** The column as CREATE TABLE and ADD COLUMN write it (its comment is a statement of its own). */
        String sql() {
            return type + (collation == null ? "" : " COLLATE " + quoted(collation))
                    + (generated == null ? "" : " GENERATED ALWAYS AS " + generated + " STORED")
                    + (defaultValue == null ? "" : " DEFAULT " + defaultValue) + (notNull ? " NOT NULL" : "")
                    + (identity == null ? "" : " GENERATED " + identity.toUpperCase(Locale.ROOT) + " AS IDENTITY");
        }
    }

    /** A definition read from its end: each part taken off leaves the rest. */
    private static final class Tail {
        String rest;

        Tail(String definition) {
            rest = definition;
        }

        String take(Pattern part) {
            Matcher m = part.matcher(rest);
            if (!m.find()) {
                return null;
            }
            rest = rest.substring(0, m.start());
            return m.group(1);
        }
    }

    // --- constraints and indexes

    private List<DdlStep> addConstraint(DdlObject o, DdlContext context) {
        String def = o.definition();
        String add = alterTable(o) + " ADD CONSTRAINT " + ident(o.member()) + " ";
        boolean foreignKey = isForeignKey(o);
        Phase phase = foreignKey ? Phase.ADD_FOREIGN_KEY : Phase.ADD_CONSTRAINT;
        if (context.createdTable(o.schema(), o.table()) || def.endsWith("NOT VALID")) {
            return List.of(DdlStep.of(phase, add + def));
        }
        if (foreignKey || def.startsWith("CHECK")) {
            return List.of(DdlStep.risky(phase, add + def + " NOT VALID", "added NOT VALID and validated in a second statement:"
                            + " checking the existing rows does not block writes to " + o.table()),
                    DdlStep.of(phase, alterTable(o) + " VALIDATE CONSTRAINT " + ident(o.member())));
        }
        return List.of(DdlStep.risky(phase, add + def, "long lock: builds an index while writes to " + o.table() + " wait; on a busy"
                + " table build it first with CREATE UNIQUE INDEX CONCURRENTLY and add the constraint USING INDEX"));
    }

    private List<DdlStep> createIndex(DdlObject o, DdlContext context) {
        String def = o.definition();
        if (context.createdTable(o.schema(), indexTable(o))) {
            return List.of(DdlStep.of(Phase.CREATE_INDEX, def));
        }
        String concurrently = def.replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX CONCURRENTLY ");
        return List.of(new DdlStep(Phase.CREATE_INDEX, def, "long lock: writes to " + indexTable(o) + " wait until the index is built",
                concurrently, false));
    }

    private static boolean isForeignKey(DdlObject o) {
        return o.definition().startsWith("FOREIGN KEY");
    }

    private static String indexTable(DdlObject index) {
        Matcher m = INDEX_TABLE.matcher(index.definition());
        if (!m.find()) {
            return "";
        }
        String table = m.group(1);
        table = table.substring(table.lastIndexOf('.') + 1);
        return table.startsWith("\"") ? table.substring(1, table.length() - 1).replace("\"\"", "\"") : table;
    }

    // --- sequences, enums, policies

    private List<DdlStep> createSequence(DdlObject o) {
        Matcher m = sequence(o);
        List<DdlStep> steps = new ArrayList<>();
        steps.add(DdlStep.of(Phase.CREATE_SEQUENCE, "CREATE SEQUENCE " + qualified(o.schema(), o.name()) + " AS " + m.group(1)
                + " START WITH " + m.group(2) + " INCREMENT BY " + m.group(3) + " MINVALUE " + m.group(4) + " MAXVALUE " + m.group(5)
                + (m.group(6) == null ? "" : " CYCLE")));
        if (m.group(7) != null) {
            steps.add(ownedBy(o, m.group(7)));
        }
        return steps;
    }

    private List<DdlStep> alterSequence(DdlObject before, DdlObject after) {
        Matcher a = sequence(before);
        Matcher b = sequence(after);
        List<DdlStep> steps = new ArrayList<>();
        boolean same = true;
        for (int i = 1; i <= 6; i++) {
            same &= Objects.equals(a.group(i), b.group(i));
        }
        if (!same) {
            steps.add(DdlStep.of(Phase.CREATE_SEQUENCE, "ALTER SEQUENCE " + qualified(after.schema(), after.name()) + " AS " + b.group(1)
                    + " START WITH " + b.group(2) + " INCREMENT BY " + b.group(3) + " MINVALUE " + b.group(4) + " MAXVALUE " + b.group(5)
                    + (b.group(6) == null ? " NO CYCLE" : " CYCLE")));
        }
        if (!Objects.equals(a.group(7), b.group(7))) {
            steps.add(b.group(7) == null ? DdlStep.of(Phase.OWN_SEQUENCE, "ALTER SEQUENCE " + qualified(after.schema(), after.name())
                    + " OWNED BY NONE") : ownedBy(after, b.group(7)));
        }
        return steps;
    }

    private DdlStep ownedBy(DdlObject sequence, String column) {
        int dot = column.indexOf('.');
        return DdlStep.of(Phase.OWN_SEQUENCE, "ALTER SEQUENCE " + qualified(sequence.schema(), sequence.name()) + " OWNED BY "
                + qualified(sequence.schema(), column.substring(0, dot)) + "." + ident(column.substring(dot + 1)));
    }

    private static Matcher sequence(DdlObject o) {
        Matcher m = SEQUENCE.matcher(o.definition());
        if (!m.matches()) {
            throw new UnwritableChange("cannot read the definition of sequence " + o.schema() + "." + o.name() + ": " + o.definition());
        }
        return m;
    }

    /** New labels added in place where the old ones keep their order; otherwise the type is made again and its columns converted. */
    private List<DdlStep> alterEnum(DdlObject before, DdlObject after, DdlContext context) {
        List<String> a = labels(before.definition());
        List<String> b = labels(after.definition());
        String q = qualified(after.schema(), after.name());
        if (b.containsAll(a) && b.stream().filter(a::contains).toList().equals(a)) {
            List<DdlStep> steps = new ArrayList<>();
            for (int i = 0; i < b.size(); i++) {
                if (!a.contains(b.get(i))) {
                    steps.add(DdlStep.of(Phase.CREATE_TYPE, "ALTER TYPE " + q + " ADD VALUE " + literal(b.get(i))
                            + (i == 0 ? " BEFORE " + literal(b.get(1)) : " AFTER " + literal(b.get(i - 1)))));
                }
            }
            return steps;
        }
        String old = truncate(after.name() + "_old");
        List<DdlStep> steps = new ArrayList<>();
        steps.add(DdlStep.risky(Phase.ALTER_COLUMN, "ALTER TYPE " + q + " RENAME TO " + ident(old), "table rewrite: enum "
                + after.name() + " loses or reorders labels, so it is made again and every column of it rewritten; a row holding a"
                + " label that is gone makes this fail"));
        steps.add(DdlStep.of(Phase.ALTER_COLUMN, "CREATE TYPE " + q + " AS ENUM (" + after.definition() + ")"));
        for (DdlObject c : context.target(after.schema(), "column")) {
            Column column = Column.parse(c.definition());
            String type = column.type().replace("[]", "");
            if (!type.equals(after.name()) && !type.equals(ident(after.name())) && !type.equals(q)) {
                continue;
            }
            String alter = alterTable(c) + " ALTER COLUMN " + ident(c.member());
            if (column.defaultValue() != null) {
                steps.add(DdlStep.of(Phase.ALTER_COLUMN, alter + " DROP DEFAULT"));
            }
            String target = q + (column.type().endsWith("[]") ? "[]" : "");
            steps.add(DdlStep.of(Phase.ALTER_COLUMN, alter + " TYPE " + target + " USING " + ident(c.member()) + "::text"
                    + (column.type().endsWith("[]") ? "[]" : "") + "::" + target));
            if (column.defaultValue() != null) {
                steps.add(DdlStep.of(Phase.ALTER_COLUMN, alter + " SET DEFAULT " + column.defaultValue()));
            }
        }
        steps.add(DdlStep.of(Phase.ALTER_COLUMN, "DROP TYPE " + qualified(after.schema(), old)));
        return steps;
    }

    private static List<String> labels(String def) {
        List<String> labels = new ArrayList<>();
        Matcher m = LABEL.matcher(def);
        while (m.find()) {
            labels.add(m.group(1).replace("''", "'"));
        }
        return labels;
    }

    private List<DdlStep> createPolicy(DdlObject o) {
        Matcher m = POLICY.matcher(o.definition());
        if (!m.matches()) {
            throw new UnwritableChange("cannot read the definition of policy " + o.schema() + "." + o.name() + ": " + o.definition());
        }
        return List.of(DdlStep.of(Phase.CREATE_POLICY, "CREATE POLICY " + ident(o.member()) + " ON " + qualified(o.schema(), o.table())
                + " AS " + m.group(1).toUpperCase(Locale.ROOT) + " FOR " + m.group(2).toUpperCase(Locale.ROOT) + " TO " + m.group(3)
                + (m.group(4) == null ? "" : " USING (" + m.group(4) + ")") + (m.group(5) == null ? "" : " WITH CHECK (" + m.group(5) + ")")));
    }

    // --- names

    private static String alterTable(DdlObject o) {
        return "ALTER TABLE " + qualified(o.schema(), o.table());
    }

    private static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    /** "touch(integer, text)" with the function's name quoted where needed. */
    private static String routine(String name) {
        int paren = name.indexOf('(');
        return ident(name.substring(0, paren)) + name.substring(paren);
    }

    /** An identifier quoted only where PostgreSQL needs it, so generated scripts read like hand-written ones. */
    static String ident(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") && !RESERVED.contains(name) ? name : quoted(name);
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String body(String viewDefinition) {
        String s = viewDefinition.strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
    }

    private static String truncate(String name) {
        return name.length() <= 63 ? name : name.substring(0, 63);
    }
}
