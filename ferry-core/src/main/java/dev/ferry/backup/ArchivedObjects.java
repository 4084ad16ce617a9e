package dev.ferry.backup;

import dev.ferry.db.CatalogObject;
import dev.ferry.db.Dialect;
import dev.ferry.db.ObjectDefinition;
import dev.ferry.db.ObjectDefinitions;
import dev.ferry.run.RunJournal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates, during a restore, the archived objects besides the tables that the target does not
 * have yet: what the tables need before they are created, the rest once the rows are in. An
 * object the target already has (by the schema catalog's kind and name) is left as it is, so a
 * restore into the database the archive came from changes no definition. Where DDL commits at
 * once (MariaDB), a failed restore drops again what this created.
 */
final class ArchivedObjects {
    private final Dialect dialect;
    private final ObjectDefinitions objects;
    private final Map<String, String> schemas;
    private final Set<String> restoredTables;
    private final boolean everyTable;
    private final Set<String> existing = new HashSet<>();
    private final List<ObjectDefinition> created = new ArrayList<>();

    /**
     * @param objects the archive's objects; {@code null} for an archive that predates them
     * @param schemas each archived schema and the schema it is restored into
     * @param restoredTables the restored tables as {@code schema.table} in the target
     * @param everyTable whether every table of the archive is restored; otherwise views, routines
     *     and triggers, which may read tables left out, are not created
     */
    ArchivedObjects(Dialect dialect, ObjectDefinitions objects, Map<String, String> schemas, Set<String> restoredTables, boolean everyTable) {
        this.dialect = dialect;
        this.objects = objects == null ? ObjectDefinitions.NONE : objects;
        this.schemas = schemas;
        this.restoredTables = restoredTables;
        this.everyTable = everyTable;
    }

    /** Reads what the target has, then creates the extensions, types, sequences and routines the tables need. */
    void createBeforeTables(Connection c, RunJournal journal) throws SQLException {
        if (objects.beforeTables().isEmpty() && objects.afterData().isEmpty()) {
            return;
        }
        for (String schema : schemas.values().stream().distinct().toList()) {
            dialect.useSchemas(c, List.of(schema));
            for (CatalogObject o : dialect.schemaCatalog().objects(c, schema)) {
                existing.add(schema + " " + o.kind() + " " + o.name());
            }
        }
        dialect.archive().beforeCreatingObjects(c);
        create(c, objects.beforeTables(), journal);
    }

    /** Creates views, routines and triggers (which then do not fire on the load), sets sequences and adds comments. */
    void createAfterData(Connection c, RunJournal journal) throws SQLException {
        create(c, objects.afterData().stream().filter(o -> everyTable || o.kind().equals("sequence")
                || o.kind().equals("table") && restoredTables.contains(schemas.get(o.schema()) + "." + o.name())).toList(), journal);
    }

    private void create(Connection c, List<ObjectDefinition> list, RunJournal journal) throws SQLException {
        if (list.isEmpty()) {
            return;
        }
        try (Statement st = c.createStatement()) {
            for (ObjectDefinition o : list) {
                String schema = schemas.get(o.schema());
                if (schema == null || existing.contains(schema + " " + o.key())) {
                    continue;
                }
                dialect.useSchemas(c, List.of(schema));
                created.add(o);
                try {
                    for (String sql : o.statements()) {
                        st.execute(sql);
                    }
                } catch (SQLException e) {
                    throw new SQLException("Creating " + o.kind() + " " + o.name() + ": " + e.getMessage(), e.getSQLState(), e);
                }
                journal.event("object_created", Map.of("schema", schema, "kind", o.kind(), "name", o.name()));
            }
        }
        dialect.useSchemas(c, schemas.values().stream().distinct().toList());
    }

    /** What this created, as {@code kind schema.name}; a table's comments and sequence positions are part of their object. */
    List<String> created() {
        return created.stream().filter(o -> !o.kind().equals("table"))
                .map(o -> o.kind() + " " + schemas.get(o.schema()) + "." + o.name()).distinct().toList();
    }

    /** Whether the archive carries extensions: creating one may find it installed elsewhere in the database, so it is not ours to drop. */
    boolean carriesExtensions() {
        return objects.beforeTables().stream().anyMatch(o -> o.kind().equals("extension"));
    }

    /**
     * Drops what this created, newest first, where the failed restore's rollback cannot (DDL that
     * commits at once). Best effort: the restore's own error is what the user needs to see.
     */
    void dropCreated(Connection c) {
        if (dialect.archive().transactionalDdl()) {
            return;
        }
        dropCommitted(c);
    }

    /**
     * Drops what this created and committed, newest first, even where DDL is transactional: a
     * parallel load commits the types, sequences and routines before its connections load the
     * rows. Best effort, as {@link #dropCreated}.
     */
    void dropCommitted(Connection c) {
        for (int i = created.size() - 1; i >= 0; i--) {
            ObjectDefinition o = created.get(i);
            String sql = dialect.archive().dropObject(o);
            if (sql != null) {
                try (Statement st = c.createStatement()) {
                    dialect.useSchemas(c, List.of(schemas.get(o.schema())));
                    st.execute(sql);
                } catch (SQLException ignored) {
                    // Left for the user: the restore's error says what failed; this object is named in the run's log.
                }
            }
        }
        created.clear();
    }
}
