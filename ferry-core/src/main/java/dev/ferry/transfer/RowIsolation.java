package dev.ferry.transfer;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the rows of a batch the database refuses when its error does not say which: write all,
 * and when refused, each half, down to single rows, which are the culprits. {@code k} bad rows
 * among {@code n} cost about {@code 2k log2(n/k)} attempts instead of {@code n}, and the rows
 * written keep their order.
 */
final class RowIsolation {

    /** One attempt to write some rows of the batch. */
    interface Attempt {
        /** Returns the database's refusal, or {@code null} when the rows were written; throws what must stop the batch. */
        SQLException write(List<Integer> rows) throws SQLException;
    }

    /** Hears each row refused on its own. */
    interface Refused {
        void row(int row, SQLException refusal);
    }

    private RowIsolation() {
    }

    /** Writes every row the database accepts and returns them; reports each row it refuses. */
    static List<Integer> isolate(List<Integer> rows, Attempt attempt, Refused refused) throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        SQLException refusal = attempt.write(rows);
        if (refusal == null) {
            return rows;
        }
        if (rows.size() == 1) {
            refused.row(rows.get(0), refusal);
            return List.of();
        }
        int mid = rows.size() / 2;
        List<Integer> ok = new ArrayList<>(isolate(new ArrayList<>(rows.subList(0, mid)), attempt, refused));
        ok.addAll(isolate(new ArrayList<>(rows.subList(mid, rows.size())), attempt, refused));
        return ok;
    }
}
