package dev.ferry.schema;

import dev.ferry.FerryException;
import dev.ferry.db.DdlContext;
import dev.ferry.db.DdlObject;
import dev.ferry.db.DdlStep;
import dev.ferry.db.SchemaDdl;
import dev.ferry.db.UnwritableChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the statements that take one schema to another: declared renames first, then each
 * difference as the dialect's {@link SchemaDdl} writes it, ordered by phase (drops before
 * creates, dependents dropped first, dependencies created first). Indexes are built
 * {@code CONCURRENTLY} only when nothing else is in the script, since that form forbids the
 * transaction the other statements need.
 */
final class MigrationGenerator {
    private final SchemaDdl ddl;

    MigrationGenerator(SchemaDdl ddl) {
        this.ddl = ddl;
    }

    /** One written statement with the comment above it. */
    record Statement(String sql, String note, boolean manual) {
    }

    record Script(List<SchemaChange> changes, List<Statement> statements, boolean outsideTransaction, List<String> unwritable) {

        List<String> sql() {
            return statements.stream().filter(s -> !s.manual()).map(Statement::sql).toList();
        }

        List<String> notes() {
            return statements.stream().filter(s -> s.note() != null && !s.manual()).map(Statement::note).toList();
        }

        List<String> manual() {
            return statements.stream().filter(Statement::manual).map(Statement::note).toList();
        }

        String text(String header) {
            StringBuilder sb = new StringBuilder(header);
            if (outsideTransaction) {
                sb.append("-- ferry:no-transaction (CREATE INDEX CONCURRENTLY cannot run inside a transaction)\n");
            }
            sb.append('\n');
            for (Statement s : statements) {
                if (s.note() != null) {
                    sb.append(comment((s.manual() ? "BY HAND: " : "") + s.note()));
                }
                sb.append(s.manual() ? "\n" : s.sql() + ";\n\n");
            }
            return sb.toString();
        }
    }

    Script script(SchemaSide from, SchemaSide to, List<SchemaRename> renames) {
        List<DdlStep> steps = new ArrayList<>();
        SchemaSide start = from;
        SchemaSide end = to.renamedTo(from.snapshot().schemas());
        for (SchemaRename r : renames) {
            start = rename(start, end, r, steps);
        }
        List<SchemaChange> changes = SchemaDiff.between(start.snapshot(), end.snapshot());
        Context context = new Context(changes, end);
        List<String> unwritable = new ArrayList<>();
        for (SchemaChange c : changes) {
            try {
                steps.addAll(switch (c.change()) {
                    case ADDED -> ddl.create(object(end, c, c.after()), context);
                    case REMOVED -> ddl.drop(object(start, c, c.before()), context);
                    case CHANGED -> ddl.alter(object(start, c, c.before()), object(end, c, c.after()), context);
                });
            } catch (UnwritableChange e) {
                unwritable.add(e.getMessage());
            }
        }
        steps.sort(Comparator.comparing(DdlStep::phase));
        return new Script(changes, statements(steps), concurrently(steps), unwritable);
    }

    /** Concurrent index builds need the script outside a transaction: worth it only when they are all it holds. */
    private static boolean concurrently(List<DdlStep> steps) {
        return !steps.isEmpty() && steps.stream().allMatch(s -> s.concurrently() != null);
    }

    private static List<Statement> statements(List<DdlStep> steps) {
        boolean concurrently = concurrently(steps);
        List<Statement> out = new ArrayList<>();
        for (DdlStep s : steps) {
            if (s.concurrently() == null) {
                out.add(new Statement(s.sql(), s.risk(), s.manual()));
            } else if (concurrently) {
                out.add(new Statement(s.concurrently(), "built CONCURRENTLY: writes go on meanwhile; a failed build leaves an INVALID"
                        + " index to drop before running this again", false));
            } else {
                out.add(new Statement(s.sql(), s.risk() + ". Not built CONCURRENTLY because this migration has other statements that"
                        + " belong in its transaction; for a busy table move it to a migration of its own marked"
                        + " '-- ferry:no-transaction' and write CREATE INDEX CONCURRENTLY", false));
            }
        }
        return out;
    }

    private static DdlObject object(SchemaSide side, SchemaChange c, String definition) {
        return new DdlObject(c.schema(), c.kind(), c.name(), definition,
                side.sources().get(c.schema() + " " + c.kind() + " " + c.name()));
    }

    /** The side with one table or column renamed (names, and references in definitions), and the statement that does it. */
    private SchemaSide rename(SchemaSide side, SchemaSide target, SchemaRename r, List<DdlStep> steps) {
        String schema = side.snapshot().objects().stream().filter(o -> o.kind().equals("table") && o.name().equals(r.table()))
                .map(SchemaObject::schema).findFirst()
                .orElseThrow(() -> FerryException.invalidInput("--rename " + r + ": the migrations have no table " + r.table()));
        String oldName = r.column() == null ? r.table() : r.table() + "." + r.column();
        String newName = r.column() == null ? r.to() : r.table() + "." + r.to();
        String kind = r.column() == null ? "table" : "column";
        if (side.snapshot().objects().stream().noneMatch(o -> o.schema().equals(schema) && o.kind().equals(kind) && o.name().equals(oldName))) {
            throw FerryException.invalidInput("--rename " + r + ": the migrations have no column " + oldName);
        }
        if (target.snapshot().objects().stream().noneMatch(o -> o.schema().equals(schema) && o.kind().equals(kind) && o.name().equals(newName))) {
            throw FerryException.invalidInput("--rename " + r + ": the target has no " + kind + " " + newName + " to rename it to");
        }
        String old = r.column() == null ? r.table() : r.column();
        Pattern word = Pattern.compile("(?<![\\w$])" + Pattern.quote(old) + "(?![\\w$])");
        List<SchemaObject> objects = new ArrayList<>();
        Map<String, String> sources = new HashMap<>(side.sources());
        for (SchemaObject o : side.snapshot().objects()) {
            String source = sources.remove(o.key());
            SchemaObject renamed = o;
            if (o.schema().equals(schema) && refersTo(o, r)) {
                String name = o.name().equals(oldName) ? newName
                        : r.column() == null && o.name().startsWith(r.table() + ".") ? r.to() + o.name().substring(r.table().length()) : o.name();
                renamed = new SchemaObject(o.schema(), o.kind(), name, replace(word, o.definition(), r.to()));
                source = source == null ? null : replace(word, source, r.to());
            }
            objects.add(renamed);
            if (source != null) {
                sources.put(renamed.key(), source);
            }
        }
        steps.add(r.column() == null ? ddl.renameTable(schema, r.table(), r.to()) : ddl.renameColumn(schema, r.table(), r.column(), r.to()));
        SchemaSnapshot s = side.snapshot();
        return new SchemaSide(new SchemaSnapshot(s.dialect(), s.schemas(), objects), sources);
    }

    /** Whether an object can mention the renamed name: anything, for a table; the table's own objects and indexes, for a column. */
    private static boolean refersTo(SchemaObject o, SchemaRename r) {
        return r.column() == null || o.name().equals(r.table()) || o.name().startsWith(r.table() + ".")
                || o.kind().equals("index") && o.definition().matches("(?s).* ON (ONLY )?(\\S+\\.)?\"?" + Pattern.quote(r.table()) + "\"? .*");
    }

    private static String replace(Pattern word, String text, String to) {
        return word.matcher(text).replaceAll(Matcher.quoteReplacement(to));
    }

    private static String comment(String note) {
        StringBuilder sb = new StringBuilder();
        StringBuilder line = new StringBuilder("--");
        for (String w : note.split(" ")) {
            if (line.length() + w.length() > 100 && line.length() > 2) {
                sb.append(line).append('\n');
                line = new StringBuilder("--");
            }
            line.append(' ').append(w);
        }
        return sb.append(line).append('\n').toString();
    }

    /** The whole change as the dialect's writer asks about it. */
    private record Context(List<SchemaChange> changes, SchemaSide end) implements DdlContext {

        @Override
        public boolean createdTable(String schema, String table) {
            return has(SchemaChange.Change.ADDED, schema, table);
        }

        @Override
        public boolean droppedTable(String schema, String table) {
            return has(SchemaChange.Change.REMOVED, schema, table);
        }

        private boolean has(SchemaChange.Change change, String schema, String table) {
            return changes.stream().anyMatch(c -> c.change() == change && c.kind().equals("table") && c.schema().equals(schema)
                    && c.name().equals(table));
        }

        @Override
        public List<DdlObject> target(String schema, String kind) {
            return end.snapshot().objects().stream().filter(o -> o.schema().equals(schema) && o.kind().equals(kind))
                    .map(o -> new DdlObject(o.schema(), o.kind(), o.name(), o.definition(), end.source(o))).toList();
        }
    }
}
