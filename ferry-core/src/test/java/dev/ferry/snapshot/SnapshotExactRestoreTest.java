package dev.ferry.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.testing.Fingerprint;
import dev.ferry.testing.RewritingTriggers;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A snapshot restore puts back exactly the copied values: the table's own triggers do not rewrite them, key 0 stays 0. */
class SnapshotExactRestoreTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    private Snapshots snapshots(TestDatabase db) {
        return new Snapshots(db::database, dir.resolve(".ferry"), "test", false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aTableWithARewritingTriggerIsRestoredExactlyOrRefusedOnMariaDb(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            db.exec("CREATE TABLE payment (id INT PRIMARY KEY, amount DECIMAL(8, 2), paid VARCHAR(40))",
                    "INSERT INTO payment VALUES (1, 9.99, '2005-05-25 11:30:37'), (2, 0.99, '2005-05-28 10:35:23'), (3, 5.00, NULL)");
            RewritingTriggers.create(db, "payment", "paid");
            snapshots(db).create(List.of("payment"));
            String snapshotted = Fingerprint.of(db, "payment");
            db.exec("DELETE FROM payment WHERE id = 2");
            String damaged = Fingerprint.of(db, "payment");

            if (db.isMariaDb()) {
                assertThatThrownBy(() -> snapshots(db).restore("payment", true))
                        .isInstanceOf(FerryException.class)
                        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY))
                        .hasMessageContaining("payment_ins, payment_upd");
                assertThat(Fingerprint.of(db, "payment")).isEqualTo(damaged);
                return;
            }
            snapshots(db).restore("payment", true);

            assertThat(Fingerprint.of(db, "payment")).isEqualTo(snapshotted);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aTableWithAutoIncrementKeyZeroIsSnapshottedAndRestored(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            try (Connection c = db.database().connect("test"); Statement st = c.createStatement()) {
                if (db.isMariaDb()) {
                    st.execute("CREATE TABLE codes (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))");
                    st.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
                } else {
                    st.execute("CREATE TABLE codes (id SERIAL PRIMARY KEY, name VARCHAR(20))");
                }
                st.execute("INSERT INTO codes VALUES (0, 'zero'), (1, 'one'), (2, 'two')");
            }
            String before = Fingerprint.of(db, "codes");

            SnapshotResult snap = snapshots(db).create(List.of("codes"));
            db.exec("DELETE FROM codes WHERE id = 0");
            snapshots(db).restore(snap.snapshotId(), true);

            assertThat(Fingerprint.of(db, "codes")).isEqualTo(before);
        }
    }
}
