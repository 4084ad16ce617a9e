package dev.ferry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.run.Json;
import dev.ferry.transfer.RejectFilter;
import dev.ferry.transfer.RejectListing;
import dev.ferry.transfer.RejectedRow;
import dev.ferry.transfer.RejectsCsv;
import dev.ferry.transfer.TransferListener;
import java.io.StringWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rejects", description = "List the rows a transfer run rejected: legacy key, reason, failing column and the source values.")
final class TransferRejectsCommand extends TransferBase {
    @Parameters(paramLabel = "RUN", description = "The transfer run ('ferry transfer list' shows them).")
    String runId;

    @Option(names = "--entity", paramLabel = "NAME", description = "Only this entity's rows.")
    String entity;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Only rows whose reason contains TEXT (any case).")
    String reason;

    @Option(names = "--csv", description = "Print CSV (the header, then one line per row).")
    boolean csv;

    @Override
    protected int run(Ferry ferry) {
        if (csv && json) {
            throw FerryException.invalidInput("Give --json or --csv, not both");
        }
        RejectFilter filter = new RejectFilter(entity, reason);
        RowPrinter printer = json ? new JsonRows() : csv ? new CsvRows() : new TextRows();
        RejectListing listing = transfers(ferry, TransferListener.NONE).rejects(runId, filter, printer);
        printer.finish(listing);
        return ExitCodes.OK;
    }

    /** One row as text: entity, legacy key, failing column and reason, and the source values below. */
    static void print(RejectedRow r, boolean sourceValues) {
        Console.out(r.entity() + " " + r.legacyKey() + (r.column() == null ? "" : " [" + r.column() + "]") + ": " + r.reason());
        if (sourceValues) {
            Console.out("    source: " + r.sourceValues());
        }
    }

    /** Prints each row as it is read, so that no listing is held in memory. */
    interface RowPrinter extends Consumer<RejectedRow> {
        void finish(RejectListing listing);
    }

    private final class TextRows implements RowPrinter {
        @Override
        public void accept(RejectedRow r) {
            print(r, !quiet);
        }

        @Override
        public void finish(RejectListing l) {
            Console.out(l.rows() == 0 ? "Run " + l.runId() + " rejected no rows"
                    : l.rows() + " rejected row(s) of run " + l.runId() + (l.filter().any() ? " matching " + l.filter().describe() : "")
                    + "; after fixing the source or the plan, 'ferry transfer retry " + l.runId() + "' sends them again");
        }
    }

    /** The rows as CSV on stdout, line by line; {@code transfer report --format csv} prints the same. */
    static final class CsvRows implements RowPrinter {
        private final StringWriter line = new StringWriter();
        private final RejectsCsv csv = new RejectsCsv(line);

        CsvRows() {
            flush();
        }

        @Override
        public void accept(RejectedRow r) {
            csv.accept(r);
            flush();
        }

        private void flush() {
            Console.out(line.toString().stripTrailing());
            line.getBuffer().setLength(0);
        }

        @Override
        public void finish(RejectListing listing) {
            // The CSV is complete; the count would break a reader of it.
        }
    }

    private static final class JsonRows implements RowPrinter {
        private boolean first = true;

        @Override
        public void accept(RejectedRow r) {
            try {
                Console.out((first ? "[" : ",") + Json.mapper().writeValueAsString(r));
            } catch (JsonProcessingException e) {
                throw FerryException.failure("Cannot render JSON: " + e.getOriginalMessage(), e);
            }
            first = false;
        }

        @Override
        public void finish(RejectListing listing) {
            Console.out(first ? "[]" : "]");
        }
    }
}
