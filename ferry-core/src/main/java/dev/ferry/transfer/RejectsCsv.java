package dev.ferry.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.function.Consumer;

/** Rejected rows as CSV (RFC 4180: fields quoted when they hold a comma, quote or line break), one row at a time. */
public final class RejectsCsv implements Consumer<RejectedRow> {
    public static final String HEADER = "entity,legacy_key,reason,failing_column,source_values,rejected_at";
    private final Writer out;

    /** Writes the header line at once. */
    public RejectsCsv(Writer out) {
        this.out = out;
        line(HEADER);
    }

    @Override
    public void accept(RejectedRow r) {
        line(String.join(",", field(r.entity()), field(r.legacyKey()), field(r.reason()), field(r.column()), field(r.sourceValues()),
                field(r.rejectedAt().toString())));
    }

    private void line(String text) {
        try {
            out.write(text);
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
