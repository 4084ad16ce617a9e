/**
 * The dashboard behind {@code ferry serve}: a read-only view of a project (environments, migrations
 * and drift, transfer runs live and past, verification, backups and snapshots, doctor, audit trail).
 * API: {@link dev.ferry.dashboard.Dashboard} (from {@code ferry.dashboard()}), which gathers the
 * data, and {@link dev.ferry.dashboard.DashboardServer}, which serves it as HTML pages and as JSON
 * under {@code /api/}. The pages, the chart and the run-log reader are engine.
 */
package dev.ferry.dashboard;
