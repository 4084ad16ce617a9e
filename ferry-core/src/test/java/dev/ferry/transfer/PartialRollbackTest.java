package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.testing.PeopleAndPets;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolling back some entities of a run: their children go with them, the rest stays exactly as it was, and a resume brings them back. */
class PartialRollbackTest {
    @TempDir
    Path dir;

    /** The table's rows in key order, as one digest. */
    static String fingerprint(TestDatabase db, String table) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(md5(string_agg(t::text, '|' ORDER BY t.id)), '') FROM " + table + " t")) {
            rs.next();
            return rs.getLong(1) + ":" + rs.getString(2);
        }
    }

    @Test
    void rollingBackAnEntityTakesItsChildrenLeavesTheRestAndResumeRestoresEveryRow() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            PeopleAndPets.create(source, target);
            PeopleAndPets.fixSource(source);
            Transfers transfers = TransferEngineTest.transfers(PeopleAndPets.plan(dir, source, target), source, target, dir.resolve(".ferry"),
                    TransferListener.NONE);
            String run = transfers.run(TransferOptions.DEFAULTS).runId();
            String people = fingerprint(target, "people");
            String pets = fingerprint(target, "pets");

            TransferRollbackResult preview = transfers.rollback(run, TransferRollbackOptions.DEFAULTS.withEntities(List.of("people")).withDryRun(true));
            assertThat(preview.entities()).extracting(TransferRollbackResult.EntityRollback::entity).containsExactly("pets", "people");
            assertThat(preview.notes()).anyMatch(n -> n.startsWith("Children included: pets"));
            assertThat(fingerprint(target, "people")).isEqualTo(people);

            TransferRollbackResult onlyPets = transfers.rollback(run, TransferRollbackOptions.DEFAULTS.withEntities(List.of("pets")));
            assertThat(onlyPets.entities()).extracting(TransferRollbackResult.EntityRollback::entity).containsExactly("pets");
            assertThat(onlyPets.rowsRemoved()).isEqualTo(60);
            assertThat(fingerprint(target, "people")).isEqualTo(people);
            assertThat(fingerprint(target, "pets")).isEqualTo("0:");
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_id_map WHERE entity = 'pets'")).isZero();
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_id_map WHERE entity = 'people'")).isEqualTo(30);
            assertThat(transfers.status(run).run().status()).isEqualTo(TransferRun.FAILED);

            TransferResult resumed = transfers.run(TransferOptions.DEFAULTS);
            assertThat(resumed.resumed()).isTrue();
            assertThat(resumed.runId()).isEqualTo(run);
            assertThat(fingerprint(target, "people")).isEqualTo(people);
            assertThat(fingerprint(target, "pets")).isEqualTo(pets);

            transfers.rollback(run, TransferRollbackOptions.DEFAULTS.withEntities(List.of("people")));
            assertThat(fingerprint(target, "people")).isEqualTo("0:");
            assertThat(fingerprint(target, "pets")).isEqualTo("0:");
            transfers.run(TransferOptions.DEFAULTS);
            assertThat(fingerprint(target, "people")).isEqualTo(people);
            assertThat(fingerprint(target, "pets")).isEqualTo(pets);
            assertThat(transfers.status(run).run().status()).isEqualTo(TransferRun.COMPLETED);
        }
    }

    @Test
    void anEntityTheRunDidNotWriteIsInvalidInputAndChangesNothing() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            PeopleAndPets.create(source, target);
            PeopleAndPets.fixSource(source);
            Transfers transfers = TransferEngineTest.transfers(PeopleAndPets.plan(dir, source, target), source, target, dir.resolve(".ferry"),
                    TransferListener.NONE);
            String run = transfers.run(TransferOptions.DEFAULTS.withEntities(List.of("people"))).runId();
            String people = fingerprint(target, "people");
            assertThatThrownBy(() -> transfers.rollback(run, TransferRollbackOptions.DEFAULTS.withEntities(List.of("pets"))))
                    .isInstanceOf(FerryException.class)
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("wrote no rows of entity 'pets'");
            assertThat(fingerprint(target, "people")).isEqualTo(people);
            assertThat(transfers.status(run).run().status()).isEqualTo(TransferRun.COMPLETED);
        }
    }
}
