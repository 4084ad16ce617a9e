package dev.ferry.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.run.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link Dashboard} over HTTP with the JDK's own server: HTML pages and the same data as
 * JSON under {@code /api/}. Every answer forbids loading anything from elsewhere
 * ({@code Content-Security-Policy: default-src 'self'}), so a page can never reach past this
 * server. Actions are POSTs that need the start-up token, and exist only when allowed.
 */
public final class DashboardServer implements AutoCloseable {
    /** The header (or form field {@code token}) that carries the action token. */
    public static final String TOKEN_HEADER = "X-Ferry-Token";
    static final String SECURITY_POLICY = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Dashboard dashboard;
    private final boolean actionsAllowed;
    private final String token;
    private final HttpServer server;
    private final ExecutorService workers;
    private final DashboardPages pages;

    private DashboardServer(Dashboard dashboard, InetSocketAddress address, boolean actionsAllowed) throws IOException {
        this.dashboard = dashboard;
        this.actionsAllowed = actionsAllowed;
        this.token = newToken();
        this.pages = new DashboardPages(dashboard, actionsAllowed);
        this.server = HttpServer.create(address, 0);
        this.workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "ferry-dashboard");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    /**
     * Starts serving on {@code bind:port} ({@code port} 0 picks a free one).
     *
     * @param actionsAllowed whether resume, verify and snapshot may be asked for (with the token)
     */
    public static DashboardServer start(Dashboard dashboard, String bind, int port, boolean actionsAllowed) {
        try {
            DashboardServer s = new DashboardServer(dashboard, new InetSocketAddress(InetAddress.getByName(bind), port), actionsAllowed);
            s.server.start();
            return s;
        } catch (IOException e) {
            throw FerryException.failure("Cannot serve the dashboard on " + bind + ":" + port + ": " + e.getMessage()
                    + "; choose another port with --port", e);
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The token an action needs; only meaningful with actions allowed. */
    public String token() {
        return token;
    }

    public boolean actionsAllowed() {
        return actionsAllowed;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            Request r = new Request(x);
            try {
                if (!hostAllowed(x.getRequestHeaders().getFirst("Host"))) {
                    send(x, 403, "application/json", json(Map.of("error", "The dashboard answers only requests addressed to "
                            + uri().getAuthority() + " or localhost")));
                } else if (r.path.startsWith("/api/actions/")) {
                    action(x, r);
                } else if (!r.method.equals("GET") && !r.method.equals("HEAD")) {
                    send(x, 405, "application/json", json(Map.of("error", "The dashboard is read-only: " + r.path + " answers GET only")));
                } else if (r.path.startsWith("/api/")) {
                    send(x, 200, "application/json", json(DashboardApi.get(dashboard, r.path, r.query)));
                } else if (r.path.startsWith("/static/")) {
                    asset(x, r.path.substring("/static/".length()));
                } else if (r.path.endsWith("/throughput.svg")) {
                    send(x, 200, "image/svg+xml", ThroughputChart.svg(dashboard.throughput(segment(r.path, 1))));
                } else {
                    send(x, 200, "text/html; charset=utf-8", pages.page(r.path, r.query));
                }
            } catch (FerryException e) {
                fail(x, r, e.code() == ErrorCode.INVALID_INPUT ? 404 : 500, e.getMessage());
            } catch (RuntimeException e) {
                // A page must answer even when something unforeseen breaks; the message is all it shows.
                fail(x, r, 500, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    /**
     * On a loopback address, a request must name this machine: a web page elsewhere that points its
     * own host name at 127.0.0.1 (DNS rebinding) then cannot read the dashboard through the browser.
     */
    private boolean hostAllowed(String host) {
        if (!server.getAddress().getAddress().isLoopbackAddress()) {
            return true;
        }
        if (host == null) {
            return false;
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.replaceFirst(":\\d+$", "");
        return name.equals("127.0.0.1") || name.equalsIgnoreCase("localhost") || name.equals("[::1]");
    }

    private void fail(HttpExchange x, Request r, int status, String message) throws IOException {
        if (r.path.startsWith("/api/") || r.path.endsWith(".svg")) {
            send(x, status, "application/json", json(Map.of("error", String.valueOf(message))));
        } else {
            send(x, status, "text/html; charset=utf-8", pages.error(message));
        }
    }

    private void action(HttpExchange x, Request r) throws IOException {
        if (!r.method.equals("POST")) {
            send(x, 405, "application/json", json(Map.of("error", "Actions are POST requests with the token")));
            return;
        }
        if (!actionsAllowed) {
            send(x, 403, "application/json", json(Map.of("error", "Actions are off: start 'ferry serve --allow-actions' and send the token it prints")));
            return;
        }
        Map<String, String> form = r.form();
        String given = x.getRequestHeaders().getFirst(TOKEN_HEADER);
        if (given == null) {
            given = form.get("token");
        }
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            send(x, 403, "application/json", json(Map.of("error", "Wrong or missing token: send the one 'ferry serve' printed at start-up in "
                    + TOKEN_HEADER)));
            return;
        }
        Map<String, String> params = new LinkedHashMap<>(r.query);
        params.putAll(form);
        Object result = switch (r.path.substring("/api/actions/".length())) {
            case "resume" -> Map.of("message", dashboard.resume(required(params, "run")));
            case "verify" -> dashboard.verify(params.get("env"));
            case "snapshot" -> dashboard.snapshot(params.get("env"));
            default -> throw FerryException.invalidInput("There is no action " + r.path + "; the actions are resume, verify and snapshot");
        };
        send(x, 200, "application/json", json(result));
    }

    private static String required(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null || v.isBlank()) {
            throw FerryException.invalidInput("The action needs '" + name + "'");
        }
        return v;
    }

    static String segment(String path, int index) {
        String[] parts = path.substring(1).split("/");
        if (parts.length <= index) {
            throw FerryException.invalidInput("There is no page " + path);
        }
        return URLDecoder.decode(parts[index], StandardCharsets.UTF_8);
    }

    private static void asset(HttpExchange x, String name) throws IOException {
        String type = name.endsWith(".css") ? "text/css; charset=utf-8" : name.endsWith(".js") ? "text/javascript; charset=utf-8"
                : name.endsWith(".svg") ? "image/svg+xml" : null;
        InputStream in = type == null || name.contains("/") ? null : DashboardServer.class.getResourceAsStream(name);
        if (in == null) {
            throw FerryException.invalidInput("There is no file /static/" + name);
        }
        try (in) {
            send(x, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw FerryException.failure("Cannot render " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var h = x.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Content-Security-Policy", SECURITY_POLICY);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The parts of a request the routes look at. */
    private static final class Request {
        final String method;
        final String path;
        final Map<String, String> query;
        private final HttpExchange exchange;

        Request(HttpExchange x) {
            this.exchange = x;
            this.method = x.getRequestMethod();
            this.path = x.getRequestURI().getPath();
            this.query = parse(x.getRequestURI().getRawQuery());
        }

        Map<String, String> form() throws IOException {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
                return Map.of();
            }
            return parse(new String(exchange.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8));
        }

        static Map<String, String> parse(String raw) {
            Map<String, String> out = new LinkedHashMap<>();
            if (raw == null || raw.isEmpty()) {
                return out;
            }
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
