package dev.ferry.protection;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading protected_data from ferry.yaml: strict keys with line and column, schema files checked. */
class ProtectedDataLoaderTest {
    @TempDir
    Path dir;

    private ProtectedData load(String yaml) {
        write(dir.resolve("ferry.yaml"), yaml);
        return ProtectedDataLoader.load(new ConfigLoader(Map.of()).project(dir, null, dev.ferry.config.ConfigOverrides.NONE).protectedData());
    }

    private static void assertInvalid(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(FerryException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void readsTablesKeysRequiredRowsAndSchemasByDiscriminator() {
        write(dir.resolve("s/a.json"), "{\"type\": \"object\", \"required\": [\"n\"]}");
        ProtectedData d = load("protected_data:\n  tables:\n    app.kinds:\n      key: [tenant, code]\n      required: [[1, a], [1, b]]\n"
                + "      json:\n        body:\n          discriminator: code\n          schemas: {a: s/a.json}\n");
        ProtectedTable t = d.table("app.kinds");
        assertThat(t.required()).containsExactly(List.of("1", "a"), List.of("1", "b"));
        assertThat(t.requiredKeyTexts()).containsExactly("1|a", "1|b");
        assertThat(t.ref("public").schema()).isEqualTo("app");
        assertThat(t.json().get(0).schemaFor("a").file()).isEqualTo("s/a.json");
        assertThat(t.json().get(0).schemaFor("z")).isNull();
        assertThat(d.keepSnapshots()).isEqualTo(ProtectedData.DEFAULT_KEEP);
    }

    @Test
    void anUnknownKeyIsReportedWithLineAndColumn() {
        assertInvalid(() -> load("protected_data:\n  tables:\n    kinds:\n      keys: [code]\n"),
                "ferry.yaml:4:7: unknown key 'keys' (at protected_data.tables.kinds); known keys here: checks, json, key, required");
    }

    @Test
    void mistakesNameTheLineThatMadeThem() {
        assertInvalid(() -> load("protected_data:\n  tables:\n    kinds:\n      required: [a]\n"), "ferry.yaml:3:5: protected table 'kinds' needs 'key:");
        assertInvalid(() -> load("protected_data:\n  tables:\n    kinds:\n      key: [a, b]\n      required: [x]\n"),
                "ferry.yaml:5:18: required key \"x\" has 1 value(s) but the key [a, b] has 2 column(s)");
        assertInvalid(() -> load("protected_data:\n  tables:\n    kinds:\n      key: [a]\n      json:\n        body: {schema: nowhere.json}\n"),
                "JSON Schema file nowhere.json does not exist");
        write(dir.resolve("bad.json"), "{\"type\": 12}");
        assertInvalid(() -> load("protected_data:\n  tables:\n    kinds:\n      key: [a]\n      json:\n        body: {schema: bad.json}\n"),
                "bad.json is not a valid JSON Schema");
        assertInvalid(() -> load("protected_data:\n  tables:\n    kinds:\n      key: [a]\n      json:\n        body: {schemas: {x: bad.json}}\n"),
                "name that column with 'discriminator'");
    }
}
