package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.config.Durations;
import dev.ferry.protection.AuditEntry;
import dev.ferry.protection.AuditQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "log", description = "Changes to protected rows, newest first, with the values before and after.")
final class AuditLogCommand extends EnvironmentCommand {
    @Option(names = "--table", paramLabel = "T", description = "Only this protected table.")
    String table;

    @Option(names = "--key", paramLabel = "K", description = "Only the row with this key (values joined with | for a composite key).")
    String key;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only changes since then: a duration back from now (7d, 12h) or an ISO time.")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "At most N entries (default: 50).")
    int limit = 50;

    @Override
    protected int run(Ferry ferry) {
        List<AuditEntry> entries = ferry.protection().auditLog(new AuditQuery(table, key, since(since), limit));
        if (json) {
            printJson(entries);
            return ExitCodes.OK;
        }
        Table t = new Table("Id", "When", "Table", "Op", "Key", "By", "Transaction", "Change");
        for (AuditEntry e : entries) {
            t.row(e.id(), e.changedAt(), e.table(), e.operation(), e.key(), e.changedBy(), e.transactionId(), change(e));
        }
        Console.out(entries.isEmpty() ? "No audit entries." : t.render());
        return ExitCodes.OK;
    }

    static Instant since(String text) {
        if (text == null) {
            return null;
        }
        if (text.strip().matches("\\d+\\s*(ms|s|m|h|d)?")) {
            return Instant.now().minus(Durations.parse(text, "--since"));
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw FerryException.invalidInput("--since: '" + text + "' is neither a duration (7d, 12h) nor an ISO time (2024-05-01T00:00:00Z)");
        }
    }

    /** For an update, the columns that changed; otherwise the whole row. */
    private static String change(AuditEntry e) {
        if (e.oldRow() == null || e.newRow() == null) {
            String row = String.valueOf(e.newRow() != null ? e.newRow() : e.oldRow());
            return row.length() <= 80 ? row : row.substring(0, 77) + "...";
        }
        StringBuilder sb = new StringBuilder();
        e.newRow().fieldNames().forEachRemaining(f -> {
            if (!e.newRow().get(f).equals(e.oldRow().get(f))) {
                String before = String.valueOf(e.oldRow().get(f));
                String after = String.valueOf(e.newRow().get(f));
                sb.append(sb.length() == 0 ? "" : "; ").append(f).append(": ").append(shorten(before)).append(" -> ").append(shorten(after));
            }
        });
        return sb.toString();
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
