package dev.ferry.protection;

import dev.ferry.FerryException;
import dev.ferry.db.Catalogs;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.ProtectionSql;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One connection to the environment's database with what every protection step needs. */
final class ProtectionSession implements AutoCloseable {
    final Database database;
    final Connection connection;
    final Dialect dialect;
    final ProtectionSql sql;
    final String schema;
    final ProtectedData data;

    private ProtectionSession(Database database, Connection connection, String schema, ProtectedData data) {
        this.database = database;
        this.connection = connection;
        this.dialect = database.dialect();
        this.sql = dialect.protection();
        this.schema = schema;
        this.data = data;
    }

    static ProtectionSession open(Database database, ProtectedData data, String application) {
        Connection c = database.connect(application);
        try {
            return new ProtectionSession(database, c, database.dialect().currentSchema(c), data);
        } catch (SQLException e) {
            close(c);
            throw FerryException.sql("Reading the current schema of " + database.displayUrl(), e);
        }
    }

    TableRef ref(ProtectedTable t) {
        return t.ref(schema);
    }

    String ferryTable(String name) {
        return dialect.quote(schema) + "." + dialect.quote(name);
    }

    boolean exists(String ferryTable) throws SQLException {
        return dialect.tableExists(connection, schema, ferryTable);
    }

    boolean exists(ProtectedTable t) throws SQLException {
        TableRef r = ref(t);
        return dialect.tableExists(connection, r.schema(), r.table());
    }

    /** Fails with the ferry.yaml line when a protected table, or one of its declared columns, is not there. */
    Set<String> requireColumns(ProtectedTable t) throws SQLException {
        TableRef r = ref(t);
        List<ColumnInfo> cols = Catalogs.columns(connection, r);
        if (cols.isEmpty()) {
            throw FerryException.invalidInput(data.declaration().where("tables", t.name()) + ": protected table '" + t.name()
                    + "' does not exist in " + r.schema() + " on " + database.displayUrl()
                    + "; create it (with a migration) or fix protected_data in ferry.yaml");
        }
        Set<String> names = new LinkedHashSet<>();
        cols.forEach(c -> names.add(c.name()));
        Set<String> declared = new LinkedHashSet<>(t.key());
        for (JsonRule j : t.json()) {
            declared.add(j.column());
            if (j.discriminator() != null) {
                declared.add(j.discriminator());
            }
        }
        for (String col : declared) {
            if (!names.contains(col)) {
                throw FerryException.invalidInput(data.declaration().where("tables", t.name()) + ": protected table '" + t.name()
                        + "' has no column '" + col + "'; its columns are " + String.join(", ", names));
            }
        }
        return names;
    }

    void createTables() throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String ddl : sql.createTables(schema)) {
                st.execute(ddl);
            }
        }
    }

    void execute(List<String> statements) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    interface Work {
        void run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction as Ferry's own change to protected {@code tables}: the
     * audit trail names {@code changedBy}, keys are written as given, and the tables' own triggers
     * (a last_update stamp, say) are paused so the rows come back exactly as they were kept.
     */
    void writeAsFerry(String command, String changedBy, java.util.Collection<ProtectedTable> tables, Work work) throws SQLException {
        dev.ferry.db.Transactions.run(connection, Protection.where(command, database), () -> {
            sql.markChanges(connection, changedBy);
            dialect.tableCopies().keepExplicitKeys(connection);
            List<String> resumeTriggers = new java.util.ArrayList<>();
            for (ProtectedTable t : tables) {
                resumeTriggers.addAll(dialect.tableCopies().pauseUserTriggers(connection, ref(t)));
            }
            work.run();
            execute(resumeTriggers);
            sql.unmarkChanges(connection);
        });
    }

    @Override
    public void close() {
        close(connection);
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Nothing left to do with a connection we are done with.
        }
    }
}
