package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.run.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ferry seed} through the real jar: output, JSON and every exit code it can end with. */
class SeedCliIT {
    @TempDir
    Path project;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }

    private void projectFor(TestDatabase db) throws Exception {
        String password = db.password() == null || db.password().isEmpty() ? "" : "    password: " + db.password() + "\n";
        String connection = "    url: " + db.url() + "\n    user: " + db.user() + "\n" + password;
        write(project.resolve("ferry.yaml"), "environments:\n  development:\n" + connection + "  production:\n" + connection
                + "    protected: true\n");
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kinds (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)");
            st.execute("CREATE TABLE pets (id INT PRIMARY KEY, kind_id INT NOT NULL, name VARCHAR(40) NOT NULL, "
                    + "CONSTRAINT pets_kind FOREIGN KEY (kind_id) REFERENCES kinds (id))");
        }
        write(project.resolve("seeds/development/010_kinds.yaml"), "table: kinds\nessential: true\nrows:\n  - {id: 1, name: cat}\n  - {id: 2, name: dog}\n");
        write(project.resolve("seeds/development/020_pets.csv"), "id,kind_id,name\n1,1,Tom\n2,2,Rex\n");
    }

    private static long count(TestDatabase db, String table) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void seedExitsZeroThenSkipsAndEndsWithTheRightCodeForEachFailure(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            projectFor(db);

            CliProcess.Result first = ferry("seed", "--env", "development");
            assertThat(first.exitCode()).as(first.all()).isZero();
            assertThat(first.stdout()).contains("seeds/development/020_pets.csv").contains("2 file(s) applied (4 rows)");

            CliProcess.Result again = ferry("seed", "--json");
            assertThat(again.exitCode()).as(again.all()).isZero();
            JsonNode json = Json.mapper().readTree(again.stdout());
            assertThat(json.get("runId").asText()).isNotBlank();
            assertThat(json.get("files")).allSatisfy(f -> assertThat(f.get("status").asText()).isEqualTo("UNCHANGED"));

            write(project.resolve("rules/pets.yaml"), "rules:\n  - name: no dogs\n    severity: error\n"
                    + "    sql: SELECT id FROM pets WHERE kind_id = 2\n");
            CliProcess.Result invalid = ferry("seed", "--validate");
            assertThat(invalid.exitCode()).as(invalid.all()).isEqualTo(3);
            assertThat(invalid.stdout()).contains("no dogs");

            CliProcess.Result refused = ferry("seed", "-e", "production", "--clean");
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(5);
            assertThat(refused.stderr()).contains("protected");
            assertThat(count(db, "pets")).isEqualTo(2);

            write(project.resolve("seeds/development/020_pets.csv"), "id,kind_id,name\n1,1,Tom\n2,2,Rex\n3,9,Ghost\n");
            CliProcess.Result broken = ferry("seed");
            assertThat(broken.exitCode()).as(broken.all()).isEqualTo(1);
            assertThat(broken.stderr()).contains("seeds/development/020_pets.csv line 4 (pets row 3)").contains("rolled back")
                    .doesNotContain("\tat ");
            assertThat(count(db, "pets")).isEqualTo(2);

            write(project.resolve("seeds/development/020_pets.csv"), "id,kind_id,nmae\n1,1,Tom\n");
            CliProcess.Result badInput = ferry("seed");
            assertThat(badInput.exitCode()).as(badInput.all()).isEqualTo(2);
            assertThat(badInput.stderr()).contains("seeds/development/020_pets.csv:1: unknown column 'nmae'");

            write(project.resolve("seeds/development/020_pets.csv"), "id,kind_id,name\n3,1,Felix\n");
            CliProcess.Result clean = ferry("seed", "--clean");
            assertThat(clean.exitCode()).as(clean.all()).isZero();
            assertThat(clean.stdout()).contains("Emptied: pets (2 rows), kinds (2 rows)");
            assertThat(count(db, "pets")).isEqualTo(1);

            CliProcess.Result minimal = ferry("seed", "--clean", "--minimal");
            assertThat(minimal.exitCode()).as(minimal.all()).isZero();
            assertThat(minimal.stdout()).contains("not essential");
            assertThat(count(db, "pets")).isZero();
            assertThat(count(db, "kinds")).isEqualTo(2);
        }
    }
}
