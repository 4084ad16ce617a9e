package dev.ferry.db;

import dev.ferry.FerryException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Where a database is and how to log in, plus its {@link Dialect}. Opening a connection turns the
 * driver's many failure modes into one line that says what to check.
 *
 * <p>A database may also be a {@link DataSource} that an application already has (a framework's
 * pool): Ferry then borrows its connections instead of opening its own, and learns the URL, and so
 * the dialect, from the first connection.
 */
public final class Database {
    private final String url;
    private final String user;
    private final String password;
    private final Dialect dialect;
    private final int connectTimeoutSeconds;
    private final DataSource dataSource;

    public Database(String url, String user, String password, int connectTimeoutSeconds) {
        this(url, user, password, connectTimeoutSeconds, null);
    }

    private Database(String url, String user, String password, int connectTimeoutSeconds, DataSource dataSource) {
        this.url = url.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url;
        this.user = user;
        this.password = password;
        this.dialect = Dialects.forUrl(url);
        this.connectTimeoutSeconds = connectTimeoutSeconds;
        this.dataSource = dataSource;
    }

    /**
     * A database reached through an application's own {@link DataSource}. One connection is
     * borrowed (and returned) to read the URL the dialect is chosen from.
     */
    public static Database of(DataSource dataSource) {
        String url;
        String user;
        try (Connection c = dataSource.getConnection()) {
            url = c.getMetaData().getURL();
            user = c.getMetaData().getUserName();
        } catch (SQLException e) {
            throw FerryException.sql("Connecting through the given DataSource", e);
        }
        if (url == null) {
            throw FerryException.invalidInput("The given DataSource's connections do not report a JDBC URL, so Ferry cannot tell "
                    + "which database it is; pass a URL instead");
        }
        return new Database(url, user, null, 10, dataSource);
    }

    /** Whether connections come from an application's DataSource rather than from Ferry's own login. */
    public boolean borrowsConnections() {
        return dataSource != null;
    }

    public Dialect dialect() {
        return dialect;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    /** The database's own client command for this server and login (no password in it), e.g. for psql. */
    public String clientCommand() {
        String hostPort = JdbcUrls.hostPart(url);
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        String port = colon < 0 ? (dialect.supportsTransactionalDdl() ? "5432" : "3306") : hostPort.substring(colon + 1);
        return dialect.clientCommand(host, port, user, JdbcUrls.databaseName(url));
    }

    /** The URL with any password masked: the only form that may be printed. */
    public String displayUrl() {
        return JdbcUrls.redact(url);
    }

    public Database withDatabaseName(String name) {
        if (dataSource != null) {
            throw FerryException.invalidInput("A database reached through a DataSource cannot be switched to database '" + name + "'");
        }
        return new Database(JdbcUrls.withDatabase(url, name), user, password, connectTimeoutSeconds);
    }

    /** @param applicationName shown to other sessions, e.g. in the "lock held by" message */
    public Connection connect(String applicationName) {
        if (dataSource != null) {
            return borrow(applicationName);
        }
        Properties props = dialect.connectionProperties(connectTimeoutSeconds, applicationName);
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        try {
            return DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            throw connectFailure(e);
        }
    }

    private Connection borrow(String applicationName) {
        try {
            Connection c = dataSource.getConnection();
            try {
                c.setClientInfo("ApplicationName", applicationName);
            } catch (java.sql.SQLClientInfoException ignored) {
                // Only a label for other sessions; a driver without client info still works.
            }
            return c;
        } catch (SQLException e) {
            throw connectFailure(e);
        }
    }

    private FerryException connectFailure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String host = JdbcUrls.hostPart(url);
        String who = user == null ? "" : " as user '" + user + "'";
        String reason = e.getMessage() == null ? "" : e.getMessage().strip().split("\n")[0];
        int driverHint = reason.indexOf(". Check that");
        reason = (driverHint > 0 ? reason.substring(0, driverHint) : reason).replaceAll("\\.+$", "");
        String message;
        if (state.startsWith("28") || reason.contains("Access denied") || reason.contains("password authentication failed")) {
            message = dialect.name() + " rejected the login as " + sentUser(reason) + " for " + displayUrl() + ": "
                    + reason + ". Check user and password (ferry.yaml, FERRY_USER/FERRY_PASSWORD or --user/--password)";
        } else if (state.equals("3D000") || reason.contains("Unknown database") || (reason.contains("database") && reason.contains("does not exist"))) {
            message = dialect.name() + " at " + host + ": " + reason + ". Create the database first, or fix its name in the URL";
        } else if (state.startsWith("08") || reason.contains("onnect") || reason.contains("timed out")) {
            message = "Cannot reach " + dialect.name() + " at " + host + " within " + connectTimeoutSeconds + " s: " + reason
                    + ". Check that the server is running and that host and port in " + displayUrl() + " are right";
        } else {
            message = "Cannot connect to " + displayUrl() + who + ": " + reason + (state.isEmpty() ? "" : " [SQLState " + state + "]");
        }
        return new FerryException(dev.ferry.ErrorCode.FAILURE, message, e);
    }

    /**
     * The user the login was attempted as: the one the server names in its refusal when it does
     * (a user in the URL may have won over the configured one), else the configured one, else the
     * URL's, else the driver's default (the operating-system user). Never the password.
     */
    private String sentUser(String reason) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("for user [\"']([^\"']*)[\"']").matcher(reason);
        String sent = m.find() ? m.group(1) : user != null ? user : JdbcUrls.user(url);
        return sent != null ? "user '" + sent + "'"
                : "user '" + System.getProperty("user.name") + "' (none configured: the driver's default, the operating-system user)";
    }

    @Override
    public String toString() {
        return dialect.name() + " " + displayUrl();
    }
}
