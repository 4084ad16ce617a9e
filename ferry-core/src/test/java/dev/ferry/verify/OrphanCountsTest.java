package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.db.TableRef;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A reference checked by the plan and by the integrity check is counted once; a failed count is not passed on. */
class OrphanCountsTest {
    private final String orders = OrphanCounts.key(new TableRef("public", "orders"), "patient_id", new TableRef("public", "patients"), "id");

    @Test
    void theSecondCheckOfAReferenceReusesTheFirstCount() throws Exception {
        OrphanCounts counts = new OrphanCounts();
        AtomicInteger runs = new AtomicInteger();
        assertThat(counts.count(orders, () -> runs.incrementAndGet() + 2)).isEqualTo(3);
        assertThat(counts.count(orders, () -> runs.incrementAndGet() + 2)).isEqualTo(3);
        assertThat(runs).hasValue(1);
    }

    @Test
    void otherReferencesAreCountedOnTheirOwn() throws Exception {
        OrphanCounts counts = new OrphanCounts();
        String doctors = OrphanCounts.key(new TableRef("public", "patients"), "doctor_id", new TableRef("public", "doctors"), "id");
        String otherSchema = OrphanCounts.key(new TableRef("archive", "orders"), "patient_id", new TableRef("public", "patients"), "id");
        assertThat(counts.count(orders, () -> 1)).isEqualTo(1);
        assertThat(counts.count(doctors, () -> 2)).isEqualTo(2);
        assertThat(counts.count(otherSchema, () -> 3)).isEqualTo(3);
    }

    @Test
    void aCheckArrivingWhileTheCountRunsWaitsForIt() throws Exception {
        OrphanCounts counts = new OrphanCounts();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> {
            try {
                return counts.count(orders, () -> {
                    started.countDown();
                    awaitQuietly(release);
                    return 7;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        started.await();
        CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> {
            try {
                return counts.count(orders, () -> 99);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        release.countDown();
        assertThat(first.get()).isEqualTo(7);
        assertThat(second.get()).isEqualTo(7);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFailedCountIsCountedAgainByTheNextCheck() throws Exception {
        OrphanCounts counts = new OrphanCounts();
        assertThatThrownBy(() -> counts.count(orders, () -> {
            throw new SQLException("canceling statement due to statement timeout");
        })).isInstanceOf(SQLException.class);
        assertThat(counts.count(orders, () -> 4)).isEqualTo(4);
    }
}
