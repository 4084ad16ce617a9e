package dev.ferry.deploy;

import dev.ferry.FerryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The Markdown report of a deploy, beside the JSON one, for people reading it after the fact. */
public final class DeployReport {
    private DeployReport() {
    }

    static Path markdownFile(Path stateDir, String runId) {
        return stateDir.resolve("reports").resolve(runId + "-deploy.md");
    }

    static void writeMarkdown(DeployResult r) {
        Path file = r.reports().get(0);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown(r));
        } catch (IOException e) {
            throw FerryException.failure("Cannot write the deploy report " + file + ": " + e.getMessage(), e);
        }
    }

    public static String markdown(DeployResult r) {
        StringBuilder sb = new StringBuilder("# Deploy " + (r.dryRun() ? "plan" : r.runId()) + " to " + r.environment() + "\n\n");
        sb.append("- database: ").append(r.database()).append(r.serverVersion() == null ? "" : " (" + r.serverVersion() + ")").append('\n');
        sb.append("- result: ").append(r.dryRun() ? (r.succeeded() ? "dry run, nothing changed" : "dry run, preflight FAILED")
                : r.succeeded() ? "succeeded" : "FAILED at " + r.failedStep().name()).append(" (exit code ").append(r.exitCode()).append(")\n");
        sb.append("- duration: ").append(seconds(r.durationMs())).append('\n');
        if (r.backupArchive() != null) {
            sb.append("- backup: ").append(r.backupArchive()).append('\n');
        }
        sb.append("\n| step | status | started | duration | details |\n| --- | --- | --- | ---: | --- |\n");
        for (DeployStep s : r.steps()) {
            sb.append("| ").append(s.name()).append(" | ").append(status(s.status())).append(" | ")
                    .append(s.startedAt() == null ? "" : s.startedAt().toString()).append(" | ")
                    .append(s.startedAt() == null ? "" : seconds(s.durationMs())).append(" | ")
                    .append(cell(s.detail())).append(s.runId() == null ? "" : " (run " + s.runId() + ")").append(" |\n");
        }
        if (!r.pending().isEmpty()) {
            sb.append("\n## Migrations ").append(r.dryRun() ? "to apply" : "pending at the start").append("\n\n");
            r.pending().forEach(m -> sb.append("- ").append(Deployment.label(m)).append(" (").append(m.script()).append(")\n"));
        }
        if (r.error() != null) {
            sb.append("\n## Why it stopped\n\n```\n").append(r.error()).append("\n```\n");
        }
        if (r.restoreCommand() != null) {
            sb.append("\n## Restore\n\n").append(r.succeeded() ? "To go back to the data as it was before this deploy:"
                    : "The deploy stopped after the backup. To put the data back as it was before it:").append("\n\n```\n")
                    .append(r.restoreCommand()).append("\n```\n");
            if (r.restoreNote() != null) {
                sb.append('\n').append(r.restoreNote()).append('\n');
            }
        }
        return sb.toString();
    }

    public static String status(StepStatus s) {
        return s.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    public static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", "<br>");
    }
}
