package dev.ferry.db.embedded;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.FerryVersion;
import dev.ferry.db.Database;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server whose data lives in the project ({@code .ferry/embedded/}), so a user can
 * try Ferry with nothing installed and find their data again on the next run.
 *
 * <p>Several Ferry processes may use one data directory at once: the first starts the server, and
 * the last to leave stops it. Each user holds a shared lock on {@code users.lock}; a process
 * that dies, even by {@code kill -9}, loses its lock with it, so the server is never kept alive by a
 * dead process for longer than the next Ferry run.
 *
 * <p>PostgreSQL refuses to run as root. When Ferry itself runs as root (containers, CI), the server
 * is started inside an unprivileged user namespace, where it is not root but still owns its files.
 */
public final class EmbeddedPostgres {
    private static final Map<Path, Shared> RUNNING = new HashMap<>();

    private EmbeddedPostgres() {
    }

    /** Starts (or joins) the server for this state directory. Close the handle when done. */
    public static Handle acquire(Path stateDir) {
        return acquireIn(root(stateDir));
    }

    /** Where a project's own server lives: {@code embedded/} in its state directory. */
    public static Path root(Path stateDir) {
        return stateDir.resolve("embedded");
    }

    /** Starts (or joins) the server kept in this directory (one subdirectory per major version). */
    public static synchronized Handle acquireIn(Path root) {
        Path home = root.resolve("pg" + FerryVersion.postgresMajor()).toAbsolutePath().normalize();
        Shared shared = RUNNING.get(home);
        if (shared == null) {
            shared = Shared.start(home);
            RUNNING.put(home, shared);
        }
        shared.users++;
        return new Handle(shared);
    }

    private static synchronized void release(Shared shared) {
        if (--shared.users == 0) {
            RUNNING.remove(shared.home);
            shared.leave();
        }
    }

    /** A claim on the running server; {@link #close()} lets it stop when no one else uses it. */
    public static final class Handle implements AutoCloseable {
        private final Shared shared;
        private boolean closed;

        private Handle(Shared shared) {
            this.shared = shared;
        }

        public int port() {
            return shared.port;
        }

        public Path home() {
            return shared.home;
        }

        /** True if this process started the server (rather than joining one already running). */
        public boolean startedHere() {
            return shared.startedHere;
        }

        /** A database on this server, created on first use. */
        public Database database(String name) {
            if (!name.matches("[A-Za-z0-9_]+")) {
                throw FerryException.invalidInput("Embedded database name '" + name + "' must use letters, digits and _ only");
            }
            Database admin = new Database(url("postgres"), "postgres", null, 10);
            try (Connection c = admin.connect("ferry embedded"); Statement st = c.createStatement();
                 PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, name);
                boolean exists;
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
                if (!exists) {
                    try {
                        st.execute("CREATE DATABASE \"" + name + "\"");
                    } catch (SQLException e) {
                        if (!"42P04".equals(e.getSQLState())) {
                            throw e;
                        }
                    }
                }
            } catch (SQLException e) {
                throw FerryException.sql("Creating embedded database " + name, e);
            }
            return new Database(url(name), "postgres", null, 10);
        }

        public String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + shared.port + "/" + database;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(shared);
            }
        }
    }

    /** One server as seen by this JVM. */
    private static final class Shared {
        final Path home;
        final Path data;
        final Path bin;
        int port;
        int users;
        boolean startedHere;
        FileChannel usersChannel;
        FileLock usersLock;

        private Shared(Path home, Path bin) {
            this.home = home;
            this.data = home.resolve("data");
            this.bin = bin;
        }

        static Shared start(Path home) {
            Path bin = PostgresBinaries.installDir(FerryVersion.postgres()).resolve("bin");
            Shared s = new Shared(home, bin);
            try {
                Files.createDirectories(home);
                try (FileChannel startChannel = FileChannel.open(home.resolve("server.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = startChannel.lock()) {
                    s.ensureRunning();
                    s.usersChannel = FileChannel.open(home.resolve("users.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
                    s.usersLock = s.usersChannel.lock(0, Long.MAX_VALUE, true);
                }
            } catch (IOException e) {
                throw FerryException.failure("Cannot start the embedded PostgreSQL in " + home + ": " + e.getMessage(), e);
            }
            return s;
        }

        private void ensureRunning() throws IOException {
            if (!Files.isRegularFile(data.resolve("PG_VERSION"))) {
                PostgresBinaries.deleteTree(data);
                run(List.of(exe("initdb"), "-A", "trust", "-U", "postgres", "-D", data.toString(), "-E", "UTF-8",
                        "--locale=C", "--no-sync"), "initdb");
            }
            if (isRunning()) {
                port = readPort();
                return;
            }
            port = freePort();
            String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
                    + "-c synchronous_commit=off -c max_connections=100 -c shared_buffers=128MB";
            run(List.of(exe("pg_ctl"), "-D", data.toString(), "-o", options, "-l", home.resolve("postgres.log").toString(),
                    "-w", "-t", "60", "start"), "pg_ctl start");
            startedHere = true;
        }

        private boolean isRunning() throws IOException {
            if (!Files.exists(data.resolve("postmaster.pid"))) {
                return false;
            }
            return exec(List.of(exe("pg_ctl"), "-D", data.toString(), "status")).exitCode == 0;
        }

        private int readPort() throws IOException {
            List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
            return Integer.parseInt(lines.get(3).strip());
        }

        /** Called when this JVM no longer needs the server: stop it if no other process does either. */
        void leave() {
            try (FileChannel startChannel = FileChannel.open(home.resolve("server.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = startChannel.lock()) {
                usersLock.release();
                FileLock exclusive = usersChannel.tryLock();
                if (exclusive != null) {
                    try {
                        exec(List.of(exe("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
                    } finally {
                        exclusive.release();
                    }
                }
                usersChannel.close();
            } catch (IOException e) {
                throw FerryException.failure("Cannot stop the embedded PostgreSQL in " + home + ": " + e.getMessage(), e);
            }
        }

        private String exe(String name) {
            return bin.resolve(PostgresBinaries.osName().equals("windows") ? name + ".exe" : name).toString();
        }

        private void run(List<String> command, String what) throws IOException {
            Result r = exec(command);
            if (r.exitCode != 0) {
                String log = "";
                Path logFile = home.resolve("postgres.log");
                if (Files.exists(logFile)) {
                    List<String> lines = Files.readAllLines(logFile);
                    log = String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
                }
                throw new FerryException(ErrorCode.FAILURE, "Embedded PostgreSQL: " + what + " failed (exit " + r.exitCode + "):\n"
                        + r.output.strip() + (log.isEmpty() ? "" : "\n" + log));
            }
        }

        private static Result exec(List<String> command) throws IOException {
            List<String> full = new ArrayList<>();
            if (RootUser.isRoot()) {
                full.addAll(List.of("unshare", "--user"));
            }
            full.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            p.getOutputStream().close();
            // Read all output first: pg_ctl start keeps no handle on it because the server logs to its own file.
            String output = new String(p.getInputStream().readAllBytes());
            try {
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(String.join(" ", command) + " did not finish in 120 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + command.get(0), e);
            }
            return new Result(p.exitValue(), output);
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }

    private record Result(int exitCode, String output) {
    }
}
