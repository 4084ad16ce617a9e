package dev.ferry.cli;

import dev.ferry.transfer.EntityReport;
import dev.ferry.transfer.TransferResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The table a transfer run ends with on the terminal; the Markdown and HTML reports stay for files.
 * Columns that say nothing in this run (no retries, nothing filtered) are left out, and the target
 * table only shows when the terminal is wide enough, so the table fits instead of wrapping.
 */
final class TransferSummary {
    private static final int WIDE = 120;

    private TransferSummary() {
    }

    private record Column(String header, Function<EntityReport, Object> value) {
    }

    /** Fitted to the terminal's width when there is one; whole when the output goes to a file or a pipe. */
    static String table(TransferResult r) {
        Terminal terminal = Terminal.stderr();
        return table(r, terminal.live() ? terminal.width() - 1 : Integer.MAX_VALUE);
    }

    static String table(TransferResult r, int width) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("Entity", EntityReport::entity));
        if (width >= WIDE) {
            columns.add(new Column("Target", EntityReport::target));
        }
        columns.add(new Column("Read", EntityReport::rowsRead));
        columns.add(new Column("Written", EntityReport::rowsWritten));
        columns.add(new Column("Rejected", EntityReport::rowsRejected));
        if (r.entities().stream().anyMatch(e -> e.rowsFiltered() > 0)) {
            columns.add(new Column("Filtered", EntityReport::rowsFiltered));
        }
        columns.add(new Column("Seconds", e -> String.format(Locale.ROOT, "%.1f", e.durationMs() / 1000.0)));
        columns.add(new Column("Rows/s", EntityReport::rowsPerSecond));
        columns.add(new Column("Batches", EntityReport::batches));
        if (r.entities().stream().anyMatch(e -> e.retries() > 0)) {
            columns.add(new Column("Retries", EntityReport::retries));
        }
        Table t = new Table(columns.stream().map(Column::header).toArray(String[]::new)).numbersRight();
        for (EntityReport e : r.entities()) {
            t.row(columns.stream().map(c -> c.value().apply(e)).toArray());
        }
        return t.render(width);
    }
}
