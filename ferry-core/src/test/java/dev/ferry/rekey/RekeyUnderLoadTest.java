package dev.ferry.rekey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.RekeyClinic;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.plan.KeyUuids;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Expand finishes while an old client and a new client write, and no write is lost or left with one key form. */
class RekeyUnderLoadTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return RekeyClinic.postgres();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void writersByIntegerAndByUuidLoseNothingDuringExpand(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            // The old client writes integer keys only; the new one names the patient by UUID, once the column exists.
            Future<long[]> old = pool.submit(() -> write(db, stop, 100_000, false));
            Future<long[]> fresh = pool.submit(() -> write(db, stop, 200_000, true));
            Thread.sleep(200);
            rekeys.expand(new ExpandOptions(20, 3000, false));
            stop.set(true);
            long[] byOld = old.get(30, TimeUnit.SECONDS);
            long[] byNew = fresh.get(30, TimeUnit.SECONDS);
            pool.shutdown();

            assertThat(byOld[0]).as("old client inserts").isPositive();
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM dispatch_order"))
                    .isEqualTo(1500 + byOld[0] + byNew[0] - byOld[1] - byNew[1]);
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM dispatch_order WHERE id BETWEEN 100000 AND 199999 AND amount = 7")).isEqualTo(byOld[0] - byOld[1]);
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM dispatch_order WHERE status = 'paid' AND amount = 5"))
                    .as("updates kept").isEqualTo(RekeyClinic.count(db, "SELECT count(*) FROM dispatch_order WHERE id < 1500 AND id % 10 = 0"));
            assertThat(RekeyClinic.mismatches(db)).isEmpty();
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM pg_constraint WHERE conname LIKE 'ferry\\_%\\_fkey' AND convalidated"))
                    .isEqualTo(5);
        }
    }

    /** Inserts, updates and deletes until told to stop; returns {inserted, deleted}. */
    private static long[] write(TestDatabase db, AtomicBoolean stop, int firstId, boolean byUuid) throws Exception {
        long inserted = 0;
        long deleted = 0;
        int id = firstId;
        try (Connection c = db.database().connect("writer"); Statement st = c.createStatement()) {
            while (!stop.get()) {
                int patient = 1 + id % 400;
                boolean uuidReady = byUuid && RekeyClinic.count(db, "SELECT count(*) FROM information_schema.triggers "
                        + "WHERE trigger_name = 'ferry_rekey_dispatch_order'") > 0;
                if (uuidReady) {
                    st.executeUpdate("INSERT INTO dispatch_order (id, patient_id_uuid, amount, status, created_at) VALUES (" + id + ", '"
                            + KeyUuids.of("patients", String.valueOf(patient)) + "', 7, 'new', now())");
                } else {
                    st.executeUpdate("INSERT INTO dispatch_order (id, patient_id, amount, status, created_at) VALUES (" + id + ", " + patient
                            + ", 7, 'new', now())");
                }
                inserted++;
                if (id % 3 == 0) {
                    deleted += st.executeUpdate("DELETE FROM dispatch_order WHERE id = " + (id - 1));
                }
                int existing = (id % 150) * 10;
                if (!byUuid && existing > 0) {
                    st.executeUpdate("UPDATE dispatch_order SET status = 'paid', amount = 5, patient_id = " + (1 + existing % 300)
                            + " WHERE id = " + existing);
                }
                id++;
            }
        }
        return new long[] {inserted, deleted};
    }
}
