package dev.ferry.rekey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.RekeyClinic;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.plan.KeyUuids;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An old client writing through the v1 views (integer keys) and a new one through v2 (UUIDs) while
 * expand backfills, the views are created and the keys are switched: every committed write is
 * there afterwards, every row has matching key forms, and the verification is clean.
 */
class RekeyCompatWritersTest {
    /** Errors a client retries: a lock wait that timed out, a serialization failure, a deadlock. */
    private static final Set<String> RETRIED = Set.of("55P03", "40001", "40P01");
    private static final int LEGACY_ORDERS = 1500;

    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return RekeyClinic.postgres();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void writersThroughV1AndV2LoseNothingWhileExpandCompatAndSwitchRun(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            int patients = (int) Math.min(300, RekeyClinic.count(db, "SELECT count(*) FROM dispatch_patient"));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean switched = new AtomicBoolean();
            V1Writer v1 = new V1Writer(db, rekeys, stop, patients);
            V2Writer v2 = new V2Writer(db, rekeys, stop, switched, patients);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            Future<?> v1Done = pool.submit(() -> v1.run());
            Future<?> v2Done = pool.submit(() -> v2.run());

            CompletableFuture<ExpandResult> expand = CompletableFuture.supplyAsync(() -> rekeys.expand(new ExpandOptions(20, 800, false)), pool);
            waitFor(() -> RekeyClinic.count(db, "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
                    + "AND column_name = 'id_uuid'") == 5 || expand.isDone());
            assertThat(expand).as("still backfilling when the views are created").isNotDone();
            rekeys.compat(false);
            waitFor(() -> v1.committed.get() > 20 || expand.isDone());
            assertThat(expand).as("the v1 writer wrote through its views during the backfill").isNotDone();
            expand.get(120, TimeUnit.SECONDS);
            long v2BeforeSwitch = v2.committed.get();

            SwitchResult result = rekeys.switchKeys(false);
            switched.set(true);
            long v1AtSwitch = v1.committed.get();
            waitFor(() -> v1.committed.get() > v1AtSwitch + 20 && v2.inserted.size() > 20);
            stop.set(true);
            v1Done.get(60, TimeUnit.SECONDS);
            v2Done.get(60, TimeUnit.SECONDS);
            pool.shutdown();

            assertThat(result.verified()).isTrue();
            assertThat(v2BeforeSwitch).as("v2 wrote before the switch").isPositive();
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM dispatch_order"))
                    .isEqualTo(LEGACY_ORDERS + v1.orders.size() - v2.deleted + v2.inserted.size());
            Map<String, String> v1Expected = new HashMap<>();
            v1.orders.forEach((id, patient) -> v1Expected.put(id.toString(), patient.toString()));
            assertThat(RekeyClinic.pairs(db, "SELECT id, patient_id FROM dispatch_order WHERE status LIKE 'v1%'"))
                    .as("orders written through v1, with their patients").isEqualTo(v1Expected);
            Map<String, String> v2Updated = new HashMap<>();
            v2.updated.forEach((id, patient) -> v2Updated.put(id.toString(), patient + " " + KeyUuids.of("patients", String.valueOf(patient))));
            assertThat(RekeyClinic.pairs(db, "SELECT id, patient_id || ' ' || patient_id_uuid FROM dispatch_order WHERE status = 'v2-updated'"))
                    .as("orders updated through v2, with both forms of their patient").isEqualTo(v2Updated);
            Map<String, String> v2Inserted = new HashMap<>();
            v2.inserted.forEach((id, patient) -> v2Inserted.put(id.toString(), patient.toString()));
            assertThat(RekeyClinic.pairs(db, "SELECT id_uuid, patient_id FROM dispatch_order WHERE id IS NULL"))
                    .as("orders inserted through v2, with only a UUID key").isEqualTo(v2Inserted);
            assertThat(RekeyClinic.mismatches(db)).isEmpty();
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM dispatch_order WHERE id IS NOT NULL AND id_uuid IS DISTINCT FROM "
                    + "ferry_key_uuid('orders', id::text)")).as("by the server's function").isZero();
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM dispatch_order o LEFT JOIN dispatch_patient p ON p.id_uuid = o.patient_id_uuid "
                    + "WHERE o.patient_id IS DISTINCT FROM p.id")).as("integer and UUID references agree").isZero();
            assertThat(rekeys.switchKeys(false).verified()).as("verified again once the writers stopped").isTrue();
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("waited 120 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** A client of one compatibility version: connects with its URL once the views exist, and retries what the server asks it to. */
    private abstract static class Writer {
        final AtomicLong committed = new AtomicLong();
        private final TestDatabase db;
        private final Rekeys rekeys;
        private final String version;
        private final AtomicBoolean stop;

        Writer(TestDatabase db, Rekeys rekeys, String version, AtomicBoolean stop) {
            this.db = db;
            this.rekeys = rekeys;
            this.version = version;
            this.stop = stop;
        }

        Void run() throws Exception {
            while (RekeyClinic.count(db, "SELECT count(*) FROM information_schema.views WHERE table_schema = 'public_" + version + "'") < 5) {
                Thread.sleep(5);
            }
            try (Connection c = DriverManager.getConnection(rekeys.compatUrl(version), db.user(), db.password()); Statement st = c.createStatement()) {
                for (int n = 0; !stop.get(); n++) {
                    write(st, n);
                }
            }
            return null;
        }

        abstract void write(Statement st, int n) throws SQLException;

        /** Runs one statement in its own transaction until it commits; returns the rows it changed. */
        int commit(Statement st, String sql) throws SQLException {
            for (int attempt = 0; ; attempt++) {
                try {
                    int rows = st.executeUpdate(sql);
                    committed.incrementAndGet();
                    return rows;
                } catch (SQLException e) {
                    if (!RETRIED.contains(e.getSQLState()) || attempt >= 50) {
                        throw e;
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
    }

    /** The old application: inserts orders with integer keys, moves them to another patient, deletes every third. */
    private static final class V1Writer extends Writer {
        /** Each order this client has now, and its patient. */
        final Map<Integer, Integer> orders = new HashMap<>();
        private final int patients;

        V1Writer(TestDatabase db, Rekeys rekeys, AtomicBoolean stop, int patients) {
            super(db, rekeys, CompatViews.V1, stop);
            this.patients = patients;
        }

        @Override
        void write(Statement st, int n) throws SQLException {
            int id = 100_000 + n;
            int patient = 1 + n % patients;
            commit(st, "INSERT INTO dispatch_order (id, patient_id, amount, status, created_at) VALUES (" + id + ", " + patient
                    + ", 7, 'v1', now())");
            orders.put(id, patient);
            if (n % 3 == 2 && commit(st, "DELETE FROM dispatch_order WHERE id = " + (id - 2)) == 1) {
                orders.remove(id - 2);
            }
            if (n % 2 == 1 && orders.containsKey(id - 1)) {
                int moved = 1 + (n * 7) % patients;
                if (commit(st, "UPDATE dispatch_order SET patient_id = " + moved + ", status = 'v1-moved' WHERE id = " + (id - 1)) == 1) {
                    orders.put(id - 1, moved);
                }
            }
        }
    }

    /**
     * The new application: addresses legacy orders by their UUIDs (a row the backfill has not reached
     * yet is not found, and nothing is counted), moves them to a patient named by UUID, deletes
     * some; once switched, inserts orders that have only a UUID key.
     */
    private static final class V2Writer extends Writer {
        final Map<Integer, Integer> updated = new HashMap<>();
        final Map<UUID, Integer> inserted = new java.util.concurrent.ConcurrentHashMap<>();
        int deleted;
        private final AtomicBoolean switched;
        private final int patients;

        V2Writer(TestDatabase db, Rekeys rekeys, AtomicBoolean stop, AtomicBoolean switched, int patients) {
            super(db, rekeys, CompatViews.V2, stop);
            this.switched = switched;
            this.patients = patients;
        }

        @Override
        void write(Statement st, int n) throws SQLException {
            int legacy = 1 + (n * 10) % LEGACY_ORDERS;
            int patient = 1 + (n * 13) % patients;
            String patientUuid = KeyUuids.of("patients", String.valueOf(patient)).toString();
            if (commit(st, "UPDATE dispatch_order SET patient_id = '" + patientUuid + "', status = 'v2-updated' WHERE id = '"
                    + KeyUuids.of("orders", String.valueOf(legacy)) + "'") == 1) {
                updated.put(legacy, patient);
            }
            int doomed = 3 + (n * 10) % LEGACY_ORDERS;
            if (n % 4 == 0 && doomed <= LEGACY_ORDERS
                    && commit(st, "DELETE FROM dispatch_order WHERE id = '" + KeyUuids.of("orders", String.valueOf(doomed)) + "'") == 1) {
                deleted++;
            }
            if (switched.get()) {
                UUID id = UUID.randomUUID();
                commit(st, "INSERT INTO dispatch_order (id, patient_id, amount, status, created_at) VALUES ('" + id + "', '" + patientUuid
                        + "', 9, 'v2-new', now())");
                inserted.put(id, patient);
            }
        }
    }
}
