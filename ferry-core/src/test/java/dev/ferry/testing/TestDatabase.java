package dev.ferry.testing;

import dev.ferry.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A scratch database created for one test and dropped afterwards. */
public final class TestDatabase implements AutoCloseable {
    private final TestServer server;
    private final String name;
    private final Database database;

    TestDatabase(TestServer server, String name, Database database) {
        this.server = server;
        this.name = name;
        this.database = database;
    }

    public Database database() {
        return database;
    }

    public String url() {
        return database.url();
    }

    public String user() {
        return database.user();
    }

    public String password() {
        return server.password();
    }

    public String name() {
        return name;
    }

    public TestServer server() {
        return server;
    }

    /** Runs statements in one connection, in order; for setting up and corrupting test data. */
    public void exec(String... sql) throws SQLException {
        try (Connection c = database.connect("test"); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    public boolean isMariaDb() {
        return server.kind() == TestServer.Kind.MARIADB;
    }

    @Override
    public void close() {
        server.drop(name);
    }

    @Override
    public String toString() {
        return server.toString();
    }
}
