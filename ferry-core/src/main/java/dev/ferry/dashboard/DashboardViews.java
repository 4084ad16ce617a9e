package dev.ferry.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferry.transfer.RejectedRow;
import dev.ferry.transfer.TransferRun;
import dev.ferry.transfer.TransferStatus;
import java.util.List;
import java.util.Map;

/** The records the dashboard's pages and its JSON API show. */
public final class DashboardViews {
    private DashboardViews() {
    }

    /** One environment at a glance; {@code error} says why it could not be read (the rest is then empty). */
    public record EnvironmentSummary(String name, String database, String schemaVersion, Map<String, Long> migrationStates,
                                     String error) {
    }

    /** The transfer runs of the project's plan; {@code error} says why there are none to show (no plan, target unreachable). */
    public record TransferRuns(String plan, List<TransferRun> runs, String error) {
    }

    /**
     * A transfer run as it stands: every entity of the plan with its committed progress (entities
     * that have not started show zeros), the throughput from the run log, and rejects by reason.
     */
    public record TransferView(TransferRun run, List<EntityView> entities, List<Throughput> throughput,
                               List<RejectReason> rejectReasons, List<TransferStatus.MissingConstraint> missingConstraints) {
    }

    /** @param expectedRows the rows the run expected when it started (from its log), or {@code null} when unknown */
    public record EntityView(String entity, String status, long rowsRead, long rowsWritten, long rowsRejected, int batches,
                             Long expectedRows) {

        /** Share done, 0 to 100, or {@code null} when unknown (no expectation and not done). */
        @JsonProperty("percent")
        public Integer percent() {
            if ("done".equals(status)) {
                return 100;
            }
            if (expectedRows == null) {
                return null;
            }
            return expectedRows == 0 ? 100 : (int) Math.min(100, rowsRead * 100 / expectedRows);
        }
    }

    /** An entity's rows per second over the run, one point per interval of {@code seconds} long ending at {@code at}. */
    public record Throughput(String entity, List<Point> points) {
        public record Point(double at, double rowsPerSecond) {
        }
    }

    /** Rejected rows that share a reason, with a few examples. */
    public record RejectReason(String entity, String reason, long count, List<RejectedRow> samples) {
    }
}
