package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RebuildScheduleTest {
    private static final TableRef ORDERS = new TableRef("public", "orders");
    private static final TableRef PATIENTS = new TableRef("public", "patients");
    private static final TableRef ID_MAP = new TableRef("public", "ferry_id_map");

    /** Records, per table, how many builds and checks run at once, and fails if a check overlaps anything on its table. */
    private static final class Recorder {
        final Map<TableRef, AtomicInteger> builds = new ConcurrentHashMap<>();
        final Map<TableRef, AtomicInteger> checks = new ConcurrentHashMap<>();
        final List<String> violations = new CopyOnWriteArrayList<>();
        final List<String> finished = new CopyOnWriteArrayList<>();

        RebuildSchedule.Step build(TableRef t, long weight, String name) {
            return new RebuildSchedule.Step(t, false, weight, () -> {
                builds.computeIfAbsent(t, k -> new AtomicInteger()).incrementAndGet();
                if (checks.getOrDefault(t, new AtomicInteger()).get() > 0) {
                    violations.add(name + " built while " + t + " was checked");
                }
                pause();
                builds.get(t).decrementAndGet();
                finished.add(name);
            });
        }

        RebuildSchedule.Step check(TableRef t, long weight, String name) {
            return new RebuildSchedule.Step(t, true, weight, () -> {
                if (checks.computeIfAbsent(t, k -> new AtomicInteger()).incrementAndGet() > 1) {
                    violations.add(name + " checked beside another check of " + t);
                }
                if (builds.getOrDefault(t, new AtomicInteger()).get() > 0) {
                    violations.add(name + " checked while " + t + " was still being indexed");
                }
                pause();
                checks.get(t).decrementAndGet();
                finished.add(name);
            });
        }

        private static void pause() {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void theLargestTablesStartFirstAndATablesChecksWaitForItsOwnIndexesAndForEachOther() {
        Recorder r = new Recorder();
        List<RebuildSchedule.Step> steps = List.of(
                r.check(PATIENTS, 30, "patients_doctor_fk"), r.check(PATIENTS, 30, "patients_office_fk"), r.build(PATIENTS, 30, "patients_doctor"),
                r.check(ORDERS, 300, "orders_patient_fk"), r.build(ORDERS, 300, "orders_status"), r.build(ORDERS, 300, "orders_patient"),
                r.build(ID_MAP, 120, "ferry_id_map_pkey"));
        RebuildSchedule schedule = new RebuildSchedule(steps);

        assertThat(schedule.run(3)).isEmpty();

        assertThat(r.violations).isEmpty();
        assertThat(r.finished).hasSize(7);
        assertThat(schedule.started()).extracting(s -> s.table().table()).first().isEqualTo("orders");
        List<String> order = r.finished;
        assertThat(order.indexOf("orders_patient_fk")).isGreaterThan(order.indexOf("orders_status")).isGreaterThan(order.indexOf("orders_patient"));
        assertThat(order.indexOf("patients_doctor_fk")).isGreaterThan(order.indexOf("patients_doctor"));
        assertThat(order.indexOf("patients_office_fk")).isGreaterThan(order.indexOf("patients_doctor"));
    }

    @Test
    void checksOfDifferentTablesRunSideBySide() throws Exception {
        CountDownLatch bothChecking = new CountDownLatch(2);
        List<Boolean> metTheOther = new CopyOnWriteArrayList<>();
        Runnable check = () -> {
            bothChecking.countDown();
            try {
                metTheOther.add(bothChecking.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        RebuildSchedule schedule = new RebuildSchedule(List.of(new RebuildSchedule.Step(ORDERS, true, 2, check),
                new RebuildSchedule.Step(PATIENTS, true, 1, check)));

        assertThat(schedule.run(2)).isEmpty();

        assertThat(metTheOther).containsExactly(true, true);
    }

    @Test
    void aFailedBuildIsReportedAndTheRestStillRuns() {
        List<String> ran = new ArrayList<>();
        RebuildSchedule schedule = new RebuildSchedule(List.of(
                new RebuildSchedule.Step(ORDERS, false, 2, () -> {
                    throw new FerryException(ErrorCode.FAILURE, "could not create unique index \"orders_pkey\"");
                }),
                new RebuildSchedule.Step(ORDERS, true, 2, () -> ran.add("orders_patient_fk")),
                new RebuildSchedule.Step(PATIENTS, false, 1, () -> ran.add("patients_doctor"))));

        assertThat(schedule.run(1)).containsExactly("could not create unique index \"orders_pkey\"");

        assertThat(ran).containsExactly("orders_patient_fk", "patients_doctor");
    }

    @Test
    void nothingToDoStartsNoThread() {
        assertThat(new RebuildSchedule(List.of()).run(4)).isEmpty();
    }
}
