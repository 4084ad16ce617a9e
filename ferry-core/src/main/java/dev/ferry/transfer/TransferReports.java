package dev.ferry.transfer;

import java.util.Locale;

/** Renders a run report as Markdown, for humans and for pasting into a ticket. */
public final class TransferReports {
    private TransferReports() {
    }

    public static String markdown(TransferResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Transfer run ").append(r.runId()).append("\n\n");
        sb.append("- status: ").append(r.status()).append(r.resumed() ? " (resumed)" : "").append('\n');
        sb.append("- source: ").append(r.source()).append('\n');
        sb.append("- target: ").append(r.target()).append('\n');
        if (r.backupArchive() != null) {
            sb.append("- pre-run backup: ").append(r.backupArchive()).append('\n');
        }
        sb.append("- duration: ").append(String.format(Locale.ROOT, "%.1f s", r.durationMs() / 1000.0)).append('\n');
        sb.append("- rows written: ").append(r.rowsWritten()).append(" (").append(r.rowsPerSecond()).append(" rows/s in this process)\n\n");
        sb.append("| entity | source | target | read | written | rejected | filtered | seconds | rows/s | batches | batch size min/avg/max | retries |\n");
        sb.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n");
        for (EntityReport e : r.entities()) {
            sb.append("| ").append(e.entity()).append(" | ").append(e.source()).append(" | ").append(e.target()).append(" | ")
                    .append(e.rowsRead()).append(" | ").append(e.rowsWritten()).append(" | ").append(e.rowsRejected()).append(" | ")
                    .append(e.rowsFiltered()).append(" | ").append(String.format(Locale.ROOT, "%.1f", e.durationMs() / 1000.0)).append(" | ")
                    .append(e.rowsPerSecond()).append(" | ").append(e.batches()).append(" | ")
                    .append(e.minBatchSize()).append('/').append(e.averageBatchSize()).append('/').append(e.maxBatchSize()).append(" | ")
                    .append(e.retries()).append(" |\n");
        }
        if (!r.notes().isEmpty()) {
            sb.append('\n');
            r.notes().forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        return sb.toString();
    }
}
