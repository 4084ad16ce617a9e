package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry serve} through the real jar: it listens on 127.0.0.1 by default, prints the token
 * with {@code --allow-actions}, refuses an action with a wrong token (403) and runs it with the
 * right one, and stops on a signal.
 */
class ServeCliIT {
    private static final Pattern URL = Pattern.compile("at (http://[^ ]+/)");
    private static final Pattern TOKEN = Pattern.compile("X-Ferry-Token: ([0-9a-f]{32})");

    @TempDir
    Path project;

    @Test
    void servesOnTheLoopbackAddressAndAnActionNeedsThePrintedToken() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: " + db.user() + "\n");
            write(project.resolve("migrations/V1__offices.sql"), "CREATE TABLE offices (id INT PRIMARY KEY);\n");
            assertThat(CliProcess.run(project, Map.of(), "migrate").exitCode()).isZero();

            Process serve = CliProcess.start(project, Map.of(), "serve", "--port", "0", "--allow-actions");
            try {
                String printed = startUpLines(serve);
                Matcher url = URL.matcher(printed);
                assertThat(url.find()).as(printed).isTrue();
                URI base = URI.create(url.group(1));
                assertThat(base.getHost()).isEqualTo("127.0.0.1");
                Matcher token = TOKEN.matcher(printed);
                assertThat(token.find()).as(printed).isTrue();

                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> envs = http.send(HttpRequest.newBuilder(base.resolve("api/environments")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(envs.statusCode()).isEqualTo(200);
                assertThat(envs.body()).contains("\"schemaVersion\" : \"1\"");

                assertThat(action(http, base, "0".repeat(32)).statusCode()).isEqualTo(403);
                HttpResponse<String> verified = action(http, base, token.group(1));
                assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
                assertThat(verified.body()).contains("\"kind\" : \"integrity\"");
            } finally {
                serve.destroy();
            }
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    /** What the server printed once it is listening (its standard output goes to a file in the project). */
    private String startUpLines(Process serve) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && serve.isAlive()) {
            try (Stream<Path> files = Files.list(project)) {
                for (Path f : files.filter(p -> p.getFileName().toString().startsWith(".out-")).toList()) {
                    String text = Files.readString(f);
                    if (text.contains("Ctrl-C")) {
                        return text;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("ferry serve did not start within a minute (alive: " + serve.isAlive() + ")");
    }

    private static HttpResponse<String> action(HttpClient http, URI base, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("api/actions/verify")).header("X-Ferry-Token", token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
