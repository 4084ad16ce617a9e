package dev.ferry.doctor;

/** @param recover restore missing or invalid protected rows from the newest valid snapshot before reporting */
public record DoctorOptions(boolean recover) {
    public static final DoctorOptions CHECK_ONLY = new DoctorOptions(false);
}
