package dev.ferry.protection;

import static dev.ferry.protection.ProtectionTest.BINARY;
import static dev.ferry.protection.ProtectionTest.column;
import static dev.ferry.protection.ProtectionTest.createPlanTypes;
import static dev.ferry.protection.ProtectionTest.exec;
import static dev.ferry.protection.ProtectionTest.planTypes;
import static dev.ferry.protection.ProtectionTest.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.run.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A protected table put back exactly as a snapshot holds it; snapshot files imported only when intact; documents checked before writing. */
class SnapshotRestoreTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    private static int snapshots(TestDatabase db) {
        return column(db, "SELECT version FROM ferry_protected_snapshots").size();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void restoreAndImportPutTheTableBackExactlyAsTheSnapshotAudited(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = project(dir, db, false)) {
            createPlanTypes(db);
            // A decimal that a parse and render could spell otherwise (1.0 as 1): the checksum must still hold.
            exec(db, "UPDATE plan_types SET rules = '" + ProtectionTest.UNILEVEL.replace("\"default_users_per_cycle\": 100}",
                    "\"default_users_per_cycle\": 100, \"spillover_threshold\": 1.0}") + "' WHERE code = 'unilevel'");
            Protection protection = ferry.protection();
            protection.install();
            int full = protection.snapshot(null, null).version();
            List<String> fullRows = planTypes(db);

            exec(db, "DELETE FROM plan_types WHERE code = 'matrix'", "UPDATE plan_types SET name = 'Renamed' WHERE code = 'unilevel'");
            List<String> damaged = planTypes(db);
            SnapshotRestoreResult preview = protection.restore(full, null, true, false);
            assertThat(preview.tables()).extracting(t -> tuple(t.inserted(), t.replaced(), t.deleted(), t.unchanged()))
                    .containsExactly(tuple(1L, 1L, 0L, 1L));
            assertThat(planTypes(db)).as("a dry run changes nothing").isEqualTo(damaged);
            assertThatThrownBy(() -> protection.restore(full, null, false, false))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY));

            SnapshotRestoreResult restored = protection.restore(full, "plan_types", false, true);
            assertThat(planTypes(db)).isEqualTo(fullRows);
            assertThat(protection.auditLog(new AuditQuery("plan_types", null, null, 10))).filteredOn(e -> e.changedBy().equals(restored.changedBy()))
                    .extracting(AuditEntry::operation, AuditEntry::key)
                    .containsExactlyInAnyOrder(tuple("INSERT", "matrix"), tuple("UPDATE", "unilevel"));
            assertThat(restored.changedBy()).isEqualTo("ferry protect restore " + restored.runId());
            assertThat(protection.restore(full, null, true, false).changed()).as("nothing left to restore").isZero();

            // A snapshot file without matrix, imported as a new snapshot and restored: matrix goes.
            exec(db, "DELETE FROM plan_types WHERE code = 'matrix'");
            protection.snapshot(Path.of("two.jsonl"), 10);
            List<String> twoRows = planTypes(db);
            protection.restore(full, null, false, true);
            SnapshotImportResult imported = protection.importSnapshot(Path.of("two.jsonl"));
            assertThat(imported.rows()).isEqualTo(2);
            SnapshotRestoreResult fromFile = protection.restore(imported.version(), null, false, true);
            assertThat(fromFile.tables()).extracting(t -> t.deleted()).containsExactly(1L);
            assertThat(planTypes(db)).isEqualTo(twoRows);
            assertThat(protection.auditLog(new AuditQuery("plan_types", "matrix", null, 1))).singleElement()
                    .satisfies(e -> assertThat(e.changedBy()).isEqualTo(fromFile.changedBy()))
                    .satisfies(e -> assertThat(e.operation()).isEqualTo("DELETE"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aTamperedFileOrARowAgainstTheSchemaIsRefusedAndNothingIsWritten(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = project(dir, db, false)) {
            createPlanTypes(db);
            Protection protection = ferry.protection();
            protection.install();
            protection.snapshot(Path.of("good.jsonl"), null);
            int stored = snapshots(db);

            Path tampered = dir.resolve("tampered.jsonl");
            Files.writeString(tampered, Files.readString(dir.resolve("good.jsonl")).replace("Binary Plan", "Binary Plan!"));
            assertThatThrownBy(() -> protection.importSnapshot(tampered))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED))
                    .hasMessageContaining("does not match the rows").hasMessageContaining("nothing was written");

            // Re-sealed with a correct checksum, the row still breaks its JSON Schema.
            Path invalid = resealed(dir.resolve("good.jsonl"), dir.resolve("invalid.jsonl"), "\"max_children\":2", "\"max_children\":5");
            assertThatThrownBy(() -> protection.importSnapshot(invalid))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED))
                    .hasMessageContaining("plan_types [binary] rules").hasMessageContaining("max_children");
            assertThat(snapshots(db)).isEqualTo(stored);

            assertThatThrownBy(() -> protection.restore(99, null, true, false)).isInstanceOfSatisfying(FerryException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT)).hasMessageContaining("no protected-data snapshot 99");
        }
    }

    /** The file with {@code from} replaced by {@code to} in its rows and a checksum that matches them again. */
    private static Path resealed(Path file, Path out, String from, String to) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int i = 1; i < lines.size() - 1; i++) {
            lines.set(i, lines.get(i).replace(from, to));
            var node = Json.mapper().readTree(lines.get(i));
            digest.update((node.get("table").asText() + "\t" + node.get("key").asText() + "\t" + SnapshotFile.rawObject(lines.get(i), "row")
                    + "\n").getBytes(StandardCharsets.UTF_8));
        }
        lines.set(lines.size() - 1, Json.mapper().writeValueAsString(Map.of("checksum", "sha256:" + HexFormat.of().formatHex(digest.digest()),
                "rows", lines.size() - 2)));
        return Files.writeString(out, String.join("\n", lines) + "\n");
    }

    @Test
    void validateListsEachViolationOfARowOrAColumnDocumentWithoutWriting() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create(); Ferry ferry = project(dir, db, false)) {
            Protection protection = ferry.protection();
            Path row = Files.writeString(dir.resolve("row.json"), "{\"code\": \"binary\", \"name\": \"B\", \"rules\": " + BINARY + "}");
            assertThat(protection.validate(row, null, null, null).valid()).isTrue();

            Path rows = Files.writeString(dir.resolve("rows.json"), "[{\"code\": \"binary\", \"rules\": " + BINARY.replace("\"max_children\": 2",
                    "\"max_children\": 3") + "}, {\"code\": \"nope\", \"rules\": {}}]");
            DocumentCheckResult bad = protection.validate(rows, "plan_types", null, null);
            assertThat(bad.documents()).isEqualTo(2);
            assertThat(bad.problems()).hasSize(2).anySatisfy(p -> assertThat(p).startsWith("row 1: rules (schemas/binary-rules.json)")
                    .contains("max_children")).anySatisfy(p -> assertThat(p).startsWith("row 2: rules: no JSON Schema for code = 'nope'"));

            Path doc = Files.writeString(dir.resolve("doc.json"), BINARY);
            assertThat(protection.validate(doc, null, "rules", "binary").valid()).isTrue();
            assertThat(protection.validate(doc, null, "rules", "matrix").problems()).isNotEmpty().allMatch(p -> p.startsWith("rules (schemas/matrix-rules.json)"));
            assertThatThrownBy(() -> protection.validate(doc, null, "rules", null)).isInstanceOf(FerryException.class)
                    .hasMessageContaining("Give --kind").hasMessageContaining("[binary, matrix, unilevel]");
            Path broken = Files.writeString(dir.resolve("broken.json"), "{\"code\": ");
            assertThat(protection.validate(broken, null, null, null).problems()).singleElement().asString().contains("not JSON");
            assertThat(ProtectionTest.ferryTables(db)).isEmpty();
        }
    }
}
