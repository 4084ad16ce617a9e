package dev.ferry.doctor;

/**
 * One line of the health report.
 *
 * @param recommendation what to do about it; empty when nothing needs doing
 */
public record DoctorFinding(String check, Status status, String message, String recommendation) {

    public enum Status { OK, WARNING, PROBLEM }

    static DoctorFinding ok(String check, String message) {
        return new DoctorFinding(check, Status.OK, message, "");
    }

    static DoctorFinding warning(String check, String message, String recommendation) {
        return new DoctorFinding(check, Status.WARNING, message, recommendation);
    }

    static DoctorFinding problem(String check, String message, String recommendation) {
        return new DoctorFinding(check, Status.PROBLEM, message, recommendation);
    }
}
