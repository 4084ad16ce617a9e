package dev.ferry.testing;

import dev.ferry.db.Database;
import dev.ferry.db.JdbcUrls;
import dev.ferry.db.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The real database servers tests run against: the embedded PostgreSQL always, plus the local
 * MariaDB (and PostgreSQL service) whose URLs {@code .ci/run} passes in {@code FERRY_TEST_MARIADB_URL}
 * and {@code FERRY_TEST_POSTGRES_URL}. An unreachable MariaDB skips its tests with a message on
 * stderr, unless {@code FERRY_TEST_REQUIRE_MARIADB=true} makes it a failure.
 */
public final class TestServer {
    public enum Kind { POSTGRES, MARIADB }

    private static TestServer embedded;
    private static EmbeddedPostgres.Handle embeddedHandle;

    private final Kind kind;
    private final String label;
    private final String adminUrl;
    private final String user;
    private final String password;
    private final String unavailable;

    private TestServer(Kind kind, String label, String adminUrl, String user, String password, String unavailable) {
        this.kind = kind;
        this.label = label;
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.unavailable = unavailable;
    }

    /** The servers every cross-database test runs on. */
    public static Stream<TestServer> all() {
        List<TestServer> servers = new ArrayList<>();
        servers.add(embeddedPostgres());
        String pg = System.getenv("FERRY_TEST_POSTGRES_URL");
        if (pg != null && !pg.isBlank()) {
            servers.add(probe(Kind.POSTGRES, "PostgreSQL service", pg, env("FERRY_TEST_POSTGRES_USER", "postgres"),
                    env("FERRY_TEST_POSTGRES_PASSWORD", null)));
        }
        servers.add(mariaDb());
        return servers.stream();
    }

    public static synchronized TestServer embeddedPostgres() {
        if (embedded == null) {
            Path state = Path.of(System.getProperty("java.io.tmpdir"), "ferry-test-state");
            try {
                Files.createDirectories(state);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            embeddedHandle = EmbeddedPostgres.acquire(state);
            Runtime.getRuntime().addShutdownHook(new Thread(embeddedHandle::close));
            embedded = new TestServer(Kind.POSTGRES, "embedded PostgreSQL", embeddedHandle.url("postgres"), "postgres", null, null);
        }
        return embedded;
    }

    public static TestServer mariaDb() {
        return probe(Kind.MARIADB, "MariaDB", env("FERRY_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/"),
                env("FERRY_TEST_MARIADB_USER", "root"), env("FERRY_TEST_MARIADB_PASSWORD", ""));
    }

    private static TestServer probe(Kind kind, String label, String url, String user, String password) {
        String reason = null;
        try (Connection ignored = new Database(url, user, password, 3).connect("ferry test probe")) {
            // reachable
        } catch (RuntimeException | SQLException e) {
            reason = e.getMessage();
        }
        return new TestServer(kind, label, url, user, password, reason);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    public Kind kind() {
        return kind;
    }

    String password() {
        return password;
    }

    /** Creates a uniquely named database, or skips (or fails, in CI) when the server is unreachable. */
    public TestDatabase create() {
        return create("");
    }

    /** The same, with options for CREATE DATABASE (an encoding, say). */
    public TestDatabase create(String options) {
        if (unavailable != null) {
            String message = label + " is not reachable, so this test was SKIPPED: " + unavailable;
            if (kind == Kind.MARIADB && "true".equalsIgnoreCase(System.getenv("FERRY_TEST_REQUIRE_MARIADB"))) {
                throw new AssertionError(message + " (FERRY_TEST_REQUIRE_MARIADB=true makes MariaDB mandatory)");
            }
            System.err.println("WARNING: " + message);
            Assumptions.abort(message);
        }
        String name = "ferry_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        execAdmin("CREATE DATABASE " + name + (options.isEmpty() ? "" : " " + options));
        return new TestDatabase(this, name, new Database(JdbcUrls.withDatabase(adminUrl, name), user, password, 10));
    }

    void drop(String name) {
        execAdmin(kind == Kind.POSTGRES ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)" : "DROP DATABASE IF EXISTS " + name);
    }

    private void execAdmin(String sql) {
        try (Connection c = new Database(adminUrl, user, password, 10).connect("ferry test admin");
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
