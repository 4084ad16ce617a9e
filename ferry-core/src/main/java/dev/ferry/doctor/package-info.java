/**
 * The health report. API: {@link dev.ferry.doctor.DoctorOptions} and
 * {@link dev.ferry.doctor.DoctorReport}, through {@code ferry.doctor(...)}.
 */
package dev.ferry.doctor;
