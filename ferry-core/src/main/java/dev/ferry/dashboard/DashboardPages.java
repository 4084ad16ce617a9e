package dev.ferry.dashboard;

import static dev.ferry.dashboard.Html.escape;
import static dev.ferry.dashboard.Html.url;

import dev.ferry.FerryException;
import dev.ferry.backup.ArchiveSummary;
import dev.ferry.dashboard.DashboardViews.EntityView;
import dev.ferry.dashboard.DashboardViews.EnvironmentSummary;
import dev.ferry.dashboard.DashboardViews.RejectReason;
import dev.ferry.dashboard.DashboardViews.TransferRuns;
import dev.ferry.dashboard.DashboardViews.TransferView;
import dev.ferry.doctor.DoctorFinding;
import dev.ferry.doctor.DoctorReport;
import dev.ferry.migration.MigrationInfo;
import dev.ferry.migration.StatusResult;
import dev.ferry.protection.AuditEntry;
import dev.ferry.protection.SnapshotInfo;
import dev.ferry.schema.DriftResult;
import dev.ferry.schema.SchemaChange;
import dev.ferry.snapshot.SnapshotRecord;
import dev.ferry.transfer.RejectedRow;
import dev.ferry.transfer.TransferRun;
import dev.ferry.transfer.TransferStatus;
import dev.ferry.verify.Finding;
import dev.ferry.verify.VerifyResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's HTML pages, rendered on the server from the same {@link Dashboard} calls the
 * JSON API answers. No inline script or style (the security policy forbids them): the look is
 * {@code /static/dashboard.css}, and {@code /static/dashboard.js} keeps a run's page current.
 */
final class DashboardPages {
    private final Dashboard dashboard;
    private final boolean actionsAllowed;

    DashboardPages(Dashboard dashboard, boolean actionsAllowed) {
        this.dashboard = dashboard;
        this.actionsAllowed = actionsAllowed;
    }

    String page(String path, Map<String, String> query) {
        String env = query.getOrDefault("env", dashboard.selectedEnvironment());
        if (path.equals("/")) {
            return overview();
        }
        if (path.startsWith("/transfers/") && path.endsWith("/rejects")) {
            return rejects(DashboardServer.segment(path, 1));
        }
        if (path.startsWith("/transfers/")) {
            return transfer(DashboardServer.segment(path, 1));
        }
        return switch (path) {
            case "/transfers" -> transfers();
            case "/migrations" -> migrations(env);
            case "/verifications" -> verifications();
            case "/backups" -> backups(env);
            case "/doctor" -> doctor(env);
            case "/audit" -> audit(env);
            default -> throw FerryException.invalidInput("There is no page " + path);
        };
    }

    String error(String message) {
        return layout("Not available", null, "<h1>Not available</h1><p class=\"problem\">" + escape(message) + "</p>", "");
    }

    private String overview() {
        List<String[]> rows = new ArrayList<>();
        for (EnvironmentSummary e : dashboard.environments()) {
            String states = e.error() != null ? "<span class=\"problem\">" + escape(e.error()) + "</span>"
                    : String.join(", ", e.migrationStates().entrySet().stream().map(s -> s.getValue() + " " + escape(s.getKey())).toList());
            rows.add(new String[] {link("/migrations?env=" + url(e.name()), e.name()), escape(e.database()),
                    escape(e.schemaVersion() == null ? "(none)" : e.schemaVersion()), states});
        }
        String body = "<h1>Environments</h1>" + table(new String[] {"Environment", "Database", "Schema version", "Migrations"}, rows)
                + "<h2>Latest transfer runs</h2>" + runsTable(dashboard.transferRuns(), 5);
        return layout("Ferry dashboard", null, body, "");
    }

    private String migrations(String env) {
        StatusResult s = dashboard.migrations(env);
        List<String[]> rows = new ArrayList<>();
        for (MigrationInfo m : s.migrations()) {
            rows.add(new String[] {escape(m.version()), escape(m.description()), state(m.state().name()), escape(m.installedAt()),
                    escape(m.executionMs()), escape(m.detail())});
        }
        StringBuilder body = new StringBuilder("<h1>Migrations of " + escape(s.environment()) + "</h1><p>" + escape(s.database())
                + ", schema version " + escape(s.schemaVersion() == null ? "(none)" : s.schemaVersion()) + "</p>");
        body.append(table(new String[] {"Version", "Description", "State", "Installed", "ms", "Detail"}, rows));
        s.errors().forEach(e -> body.append("<p class=\"problem\">").append(escape(e)).append("</p>"));
        body.append("<h2>Schema drift</h2>");
        try {
            DriftResult d = dashboard.drift(env);
            if (d.clean()) {
                body.append("<p class=\"ok\" id=\"drift\">No drift: the database matches its migrations up to version ")
                        .append(escape(d.version())).append(".</p>");
            } else {
                List<String[]> changes = new ArrayList<>();
                for (SchemaChange c : d.changes()) {
                    changes.add(new String[] {state(c.change().name()), escape(c.kind()), escape(c.name()), pre(c.before()), pre(c.after())});
                }
                body.append("<p class=\"problem\" id=\"drift\">").append(d.changes().size())
                        .append(" change(s) made outside the migrations:</p>")
                        .append(table(new String[] {"Change", "Kind", "Name", "In the migrations", "In the database"}, changes));
            }
        } catch (FerryException e) {
            body.append("<p class=\"problem\" id=\"drift\">Drift could not be checked: ").append(escape(e.getMessage())).append("</p>");
        }
        return layout("Migrations", env, body.toString(), "");
    }

    private String transfers() {
        return layout("Transfer runs", null, "<h1>Transfer runs</h1>" + runsTable(dashboard.transferRuns(), Integer.MAX_VALUE), "");
    }

    private static String runsTable(TransferRuns runs, int limit) {
        if (runs.error() != null) {
            return "<p class=\"note\">" + escape(runs.error()) + "</p>";
        }
        List<String[]> rows = new ArrayList<>();
        for (TransferRun r : runs.runs().subList(0, Math.min(limit, runs.runs().size()))) {
            rows.add(new String[] {link("/transfers/" + url(r.id()), r.id()), state(r.status()), escape(r.startedAt()), escape(r.finishedAt()),
                    escape(r.source()), escape(r.error())});
        }
        return "<p>Plan " + escape(runs.plan()) + "</p>" + table(new String[] {"Run", "Status", "Started", "Finished", "Source", "Error"}, rows);
    }

    private String transfer(String runId) {
        TransferView v = dashboard.transfer(runId);
        TransferRun run = v.run();
        StringBuilder body = new StringBuilder("<h1>Transfer run " + escape(run.id()) + "</h1>");
        body.append("<p>Status <strong id=\"run-status\" class=\"state state-").append(escape(run.status())).append("\">")
                .append(escape(run.status())).append("</strong>, started ").append(escape(run.startedAt())).append(" from ")
                .append(escape(run.source())).append("</p>");
        body.append("<table id=\"entities\"><thead><tr><th>Entity</th><th>Status</th><th>Progress</th><th>Read</th><th>Written</th>"
                + "<th>Rejected</th><th>Batches</th></tr></thead><tbody>");
        for (EntityView e : v.entities()) {
            Integer pct = e.percent();
            body.append("<tr data-entity=\"").append(escape(e.entity())).append("\"><td>").append(escape(e.entity()))
                    .append("</td><td data-field=\"status\">").append(escape(e.status()))
                    .append("</td><td><progress max=\"100\" value=\"").append(pct == null ? 0 : pct).append("\"></progress> <span data-field=\"percent\">")
                    .append(pct == null ? "" : pct + "%").append("</span></td><td data-field=\"rowsRead\">").append(e.rowsRead())
                    .append("</td><td data-field=\"rowsWritten\">").append(e.rowsWritten())
                    .append("</td><td data-field=\"rowsRejected\">").append(e.rowsRejected())
                    .append("</td><td data-field=\"batches\">").append(e.batches()).append("</td></tr>");
        }
        body.append("</tbody></table>");
        body.append("<h2>Rows per second</h2><img id=\"throughput\" src=\"/transfers/").append(url(run.id()))
                .append("/throughput.svg\" alt=\"Rows per second per entity\" width=\"720\" height=\"240\">");
        body.append("<h2>Rejected rows</h2>");
        if (v.rejectReasons().isEmpty()) {
            body.append("<p class=\"ok\">No row rejected.</p>");
        } else {
            List<String[]> rows = new ArrayList<>();
            for (RejectReason r : v.rejectReasons()) {
                rows.add(new String[] {escape(r.entity()), escape(r.reason()), String.valueOf(r.count()),
                        escape(String.join(", ", r.samples().stream().map(RejectedRow::legacyKey).toList()))});
            }
            body.append(table(new String[] {"Entity", "Reason", "Rows", "Sample keys"}, rows))
                    .append("<p>").append(link("/transfers/" + url(run.id()) + "/rejects", "Every rejected row with its values")).append("</p>");
        }
        if (!v.missingConstraints().isEmpty()) {
            body.append("<h2>Constraints set aside</h2><ul>");
            for (TransferStatus.MissingConstraint c : v.missingConstraints()) {
                body.append("<li>").append(escape(c.kind() + " " + c.name() + " on " + c.table())).append("</li>");
            }
            body.append("</ul>");
        }
        if (actionsAllowed && !run.finished() && !TransferRun.RUNNING.equals(run.status())) {
            body.append(actionForm("resume", "run", run.id(), "Resume this run"));
        }
        return layout("Transfer " + run.id(), null, body.toString(), " data-run=\"" + escape(run.id()) + "\"");
    }

    private String rejects(String runId) {
        List<String[]> rows = new ArrayList<>();
        for (RejectedRow r : dashboard.rejects(runId)) {
            rows.add(new String[] {escape(r.entity()), escape(r.legacyKey()), "<span class=\"reason\">" + escape(r.reason()) + "</span>", pre(r.sourceValues())});
        }
        String body = "<h1>Rejected rows of run " + escape(runId) + "</h1><p>" + link("/transfers/" + url(runId), "Back to the run")
                + "</p>" + (rows.isEmpty() ? "<p class=\"ok\">No row rejected.</p>"
                : table(new String[] {"Entity", "Source key", "Reason", "Row as read"}, rows));
        return layout("Rejects " + runId, null, body, "");
    }

    private String verifications() {
        StringBuilder body = new StringBuilder("<h1>Verification results</h1>");
        List<VerifyResult> results = dashboard.verifications();
        if (results.isEmpty()) {
            body.append("<p class=\"note\">No verification has run yet ('ferry verify').</p>");
        }
        for (VerifyResult r : results) {
            body.append("<h2>").append(escape(r.runId())).append(" (").append(escape(r.kind())).append(") ")
                    .append(r.clean() ? "<span class=\"ok\">clean</span>" : "<span class=\"problem\">failed</span>").append("</h2><p>")
                    .append(escape(r.database())).append("</p>");
            List<String[]> rows = new ArrayList<>();
            for (Finding f : r.findings()) {
                rows.add(new String[] {escape(f.check()), escape(f.subject()), state(f.status().name()), String.valueOf(f.count()), escape(f.message())});
            }
            body.append(table(new String[] {"Check", "Subject", "Status", "Count", "Message"}, rows));
        }
        if (actionsAllowed) {
            body.append(actionForm("verify", "env", dashboard.selectedEnvironment(), "Verify integrity of " + dashboard.selectedEnvironment()));
        }
        return layout("Verification", null, body.toString(), "");
    }

    private String backups(String env) {
        List<String[]> archives = new ArrayList<>();
        for (ArchiveSummary a : dashboard.backups(env)) {
            archives.add(new String[] {escape(a.file().getFileName()), escape(a.createdAt()), escape(a.environment()), escape(a.tables()),
                    escape(a.rows()), escape(a.schemaVersion()), a.encrypted() ? "yes" : "no", escape(a.problem())});
        }
        Dashboard.SnapshotsView snapshots = dashboard.snapshots(env);
        List<String[]> copies = new ArrayList<>();
        for (SnapshotRecord s : snapshots.tableCopies()) {
            copies.add(new String[] {escape(s.snapshotId()), escape(s.schema() + "." + s.table()), escape(s.rows()), escape(s.createdAt()),
                    escape(s.reason())});
        }
        List<String[]> protectedSnapshots = new ArrayList<>();
        for (SnapshotInfo s : snapshots.protectedData()) {
            protectedSnapshots.add(new String[] {String.valueOf(s.version()), escape(s.takenAt()), String.valueOf(s.tables()), String.valueOf(s.rows())});
        }
        String body = "<h1>Backups and snapshots of " + escape(env) + "</h1><h2>Archives</h2>"
                + table(new String[] {"File", "Created", "Environment", "Tables", "Rows", "Schema version", "Encrypted", "Problem"}, archives)
                + "<h2>Table snapshots</h2>" + table(new String[] {"Snapshot", "Table", "Rows", "Created", "Reason"}, copies)
                + "<h2>Protected-data snapshots</h2>" + table(new String[] {"Version", "Taken", "Tables", "Rows"}, protectedSnapshots)
                + (actionsAllowed ? actionForm("snapshot", "env", env, "Snapshot the protected data of " + env) : "");
        return layout("Backups", env, body, "");
    }

    private String doctor(String env) {
        DoctorReport r = dashboard.doctor(env);
        List<String[]> rows = new ArrayList<>();
        for (DoctorFinding f : r.findings()) {
            rows.add(new String[] {escape(f.check()), state(f.status().name()), escape(f.message()), escape(f.recommendation())});
        }
        String body = "<h1>Doctor: " + escape(r.environment()) + " " + (r.healthy() ? "<span class=\"ok\">healthy</span>"
                : "<span class=\"problem\">needs attention</span>") + "</h1><p>" + escape(r.database()) + ", checked " + escape(r.checkedAt())
                + "</p>" + table(new String[] {"Check", "Status", "Finding", "What to do"}, rows);
        return layout("Doctor", env, body, "");
    }

    private String audit(String env) {
        Dashboard.AuditView a = dashboard.audit(env);
        if (!a.installed()) {
            return layout("Audit trail", env, "<h1>Audit trail of " + escape(env) + "</h1><p class=\"note\">The audit trail is not installed "
                    + "here ('ferry protect install').</p>", "");
        }
        List<String[]> rows = new ArrayList<>();
        for (AuditEntry e : a.entries()) {
            rows.add(new String[] {escape(e.changedAt()), escape(e.table()), escape(e.operation()), escape(e.key()), escape(e.changedBy()),
                    pre(e.oldRow() == null ? null : e.oldRow().toString()), pre(e.newRow() == null ? null : e.newRow().toString())});
        }
        return layout("Audit trail", env, "<h1>Audit trail of " + escape(env) + "</h1>"
                + table(new String[] {"Changed", "Table", "Operation", "Key", "By", "Before", "After"}, rows), "");
    }

    private static String actionForm(String action, String field, String value, String label) {
        return "<form class=\"action\" method=\"post\" action=\"/api/actions/" + action + "\"><input type=\"hidden\" name=\"" + field
                + "\" value=\"" + escape(value) + "\"><label>Token <input type=\"password\" name=\"token\" autocomplete=\"off\" required></label> "
                + "<button type=\"submit\">" + escape(label) + "</button></form>";
    }

    private String layout(String title, String env, String body, String bodyAttributes) {
        StringBuilder nav = new StringBuilder("<nav>");
        String[][] links = {{"/", "Environments"}, {"/migrations", "Migrations"}, {"/transfers", "Transfers"}, {"/verifications", "Verification"},
            {"/backups", "Backups"}, {"/doctor", "Doctor"}, {"/audit", "Audit"}};
        for (String[] l : links) {
            nav.append(link(l[0], l[1]));
        }
        nav.append("<span class=\"mode\">").append(actionsAllowed ? "actions allowed" : "read-only").append("</span></nav>");
        if (env != null && dashboard.environmentNames().size() > 1) {
            nav.append("<p class=\"environments\">Environment: ");
            for (String name : dashboard.environmentNames()) {
                nav.append(name.equals(env) ? "<strong>" + escape(name) + "</strong> " : "<a href=\"?env=" + url(name) + "\">" + escape(name) + "</a> ");
            }
            nav.append("</p>");
        }
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>"
                + "<link rel=\"icon\" href=\"/static/icon.svg\"><link rel=\"stylesheet\" href=\"/static/dashboard.css\">"
                + "<script src=\"/static/dashboard.js\" defer></script></head><body" + bodyAttributes + "><header>" + nav
                + "</header><main>" + body + "</main></body></html>";
    }

    private static String table(String[] headers, List<String[]> rows) {
        if (rows.isEmpty()) {
            return "<p class=\"note\">None.</p>";
        }
        StringBuilder sb = new StringBuilder("<table><thead><tr>");
        for (String h : headers) {
            sb.append("<th>").append(escape(h)).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (String[] row : rows) {
            sb.append("<tr>");
            for (String cell : row) {
                sb.append("<td>").append(cell).append("</td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</tbody></table>").toString();
    }

    private static String link(String href, String text) {
        return "<a href=\"" + escape(href) + "\">" + escape(text) + "</a>";
    }

    private static String state(String s) {
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        return "<span class=\"state state-" + escape(lower) + "\">" + escape(lower) + "</span>";
    }

    private static String pre(String s) {
        return s == null ? "" : "<code>" + escape(s) + "</code>";
    }
}
