package dev.ferry.doctor;

import dev.ferry.protection.RecoveryResult;
import java.time.Instant;
import java.util.List;

/**
 * What {@code ferry doctor} found; healthy when no finding is a problem (warnings are advice).
 *
 * @param recovery what {@code --recover} restored, or {@code null} when it was not asked for
 */
public record DoctorReport(String environment, String database, Instant checkedAt, List<DoctorFinding> findings,
                           RecoveryResult recovery) {

    public boolean healthy() {
        return findings.stream().noneMatch(f -> f.status() == DoctorFinding.Status.PROBLEM);
    }
}
