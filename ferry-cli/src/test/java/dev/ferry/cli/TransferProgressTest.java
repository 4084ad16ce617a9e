package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.EntityReport;
import dev.ferry.transfer.TransferEvent;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferOptions;
import dev.ferry.transfer.TransferResult;
import dev.ferry.transfer.Transfers;
import dev.ferry.transfer.plan.PlanLoader;
import dev.ferry.transfer.transform.Transforms;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transfer progress as a person sees it on a terminal of a given width, and as a CI log reads it. */
class TransferProgressTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {80, 160})
    void aWholeTransferLeavesOneDoneLinePerEntityAndNoBarOnATerminal(int width) {
        FakeScreen screen = new FakeScreen(width);
        TransferResult r = clinicTransfer(new TransferProgress(screen.terminal()));

        List<String> rows = screen.rows();
        for (EntityReport e : r.entities()) {
            assertThat(rows).as("the done line of " + e.entity()).filteredOn(l -> l.startsWith("  " + e.entity() + ": done, "))
                    .singleElement().asString()
                    .endsWith("(" + Numbers.grouped(e.rowsPerSecond()) + " rows/s)")
                    .contains(Numbers.grouped(e.rowsWritten()) + " written");
        }
        assertThat(rows).as("no progress line is left behind").noneMatch(l -> l.contains("%") || l.contains("["));
        assertThat(screen.raw()).doesNotContain("?");
        assertThat(screen.wraps()).as("no line wider than the terminal").isZero();
    }

    @Test
    void entitiesRunningTogetherEachUpdateTheirOwnLineAndEachEndWithItsDoneLine() {
        FakeScreen screen = new FakeScreen(80);
        TransferProgress p = new TransferProgress(screen.terminal());
        p.onEvent(new TransferEvent.RunStarted(T, "r1", false, List.of("offices", "profiles"), Map.of("offices", 100L, "profiles", 1000L)));
        p.onEvent(new TransferEvent.EntityStarted(T, "r1", "offices", 1, 0));
        p.onEvent(new TransferEvent.EntityStarted(T, "r1", "profiles", 2, 0));
        assertThat(screen.rows()).filteredOn(l -> l.contains("0%")).hasSize(2);

        p.onEvent(new TransferEvent.BatchCommitted(T, "r1", "profiles", 0, 500, 500, 0, "500", 3, 500));
        p.onEvent(new TransferEvent.ConstraintsDeferred(T, "r1", "profiles", List.of("index a", "index b", "foreign_key c")));
        p.onEvent(new TransferEvent.EntityFinished(T, "r1", "profiles", 1000, 1000, 0, 2000));
        assertThat(screen.rows()).as("offices still running, profiles done").filteredOn(l -> l.contains("%")).singleElement().asString()
                .startsWith("  offices");

        p.onEvent(new TransferEvent.EntityFinished(T, "r1", "offices", 100, 90, 10, 0));
        p.onEvent(new TransferEvent.ConstraintsRestored(T, "r1", List.of("index a", "index b", "foreign_key c")));
        p.onEvent(new TransferEvent.RunFinished(T, "r1", "completed"));

        assertThat(screen.rows()).containsExactly(
                "Starting transfer run r1",
                "  profiles: dropped 3 constraints (1 foreign key, 2 index) for the load",
                "  profiles: done, 1,000 written, 0 rejected in 2.0 s (500 rows/s)",
                "  offices: done, 90 written, 10 rejected in 0.0 s (90 rows/s)",
                "  rebuilt 3 constraints (1 foreign key, 2 index)");
    }

    @Test
    void withoutATerminalEveryLineIsPlainAndFinal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TransferResult r = clinicTransfer(new TransferProgress(new Terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 80)));

        String log = bytes.toString(StandardCharsets.UTF_8);
        assertThat(log).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("?");
        for (EntityReport e : r.entities()) {
            assertThat(log).contains("  " + e.entity() + ": started").contains("  " + e.entity() + ": done, ");
        }
    }

    @Test
    void theClosingTableFitsTheWidthWithoutCuttingANumber() {
        TransferResult r = clinicTransfer(TransferListener.NONE);
        String narrow = TransferSummary.table(r, 79);
        String wide = TransferSummary.table(r, 159);

        assertThat(narrow.lines()).allMatch(l -> l.length() <= 79);
        assertThat(narrow.lines().findFirst().orElseThrow()).doesNotContain("Target");
        assertThat(wide.lines().findFirst().orElseThrow()).contains("Target");
        for (EntityReport e : r.entities()) {
            assertThat(narrow).containsPattern("(?m)^" + e.entity() + " +" + e.rowsRead() + " +" + e.rowsWritten() + " ");
        }
    }

    private TransferResult clinicTransfer(TransferListener listener) {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            ClinicProject.fillSource(source, 0.004);
            ClinicProject.migrateTarget(target, dir);
            Path plan = ClinicProject.plan(dir, source, target);
            Transforms transforms = new Transforms(getClass().getClassLoader());
            Transfers transfers = new Transfers(new PlanLoader(Map.of(), transforms).load(plan),
                    spec -> spec.url().equals(source.url()) ? source.database() : target.database(), transforms, dir.resolve(".ferry"),
                    listener);
            // Small batches and several threads: entities without dependencies between them run at once.
            return transfers.run(new TransferOptions(List.of(), false, 4, 200, null, false, 100, TransferOptions.PreRunBackup.AS_PLANNED));
        }
    }
}
