package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Isolating the rows a database refuses by halving, against a stand-in that refuses any write containing a bad row. */
class RowIsolationTest {

    @Test
    void aBatchWithoutBadRowsIsWrittenInOneAttempt() throws SQLException {
        Refusing db = new Refusing(Set.of());

        assertThat(db.isolate(rows(100))).isEqualTo(rows(100));
        assertThat(db.attempts).isEqualTo(1);
        assertThat(db.refused).isEmpty();
    }

    @Test
    void oneBadRowIsFoundInLogarithmicallyManyAttempts() throws SQLException {
        Refusing db = new Refusing(Set.of(37));

        List<Integer> written = db.isolate(rows(1024));

        assertThat(db.refused).containsOnlyKeys(37);
        assertThat(written).hasSize(1023).doesNotContain(37).isSorted();
        assertThat(db.attempts).isLessThanOrEqualTo(1 + 2 * 10);
    }

    @Test
    void severalBadRowsAreAllFoundAndTheGoodRowsKeepTheirOrder() throws SQLException {
        Set<Integer> bad = Set.of(0, 5, 6, 63, 500, 999);
        Refusing db = new Refusing(bad);

        List<Integer> written = db.isolate(rows(1000));

        assertThat(db.refused.keySet()).containsExactly(0, 5, 6, 63, 500, 999);
        assertThat(written).isEqualTo(rows(1000).stream().filter(r -> !bad.contains(r)).toList());
        assertThat(db.attempts).isLessThan(2 * bad.size() * 10 + 1).isLessThan(1000);
    }

    @Test
    void aBatchOfOnlyBadRowsRejectsEveryRow() throws SQLException {
        Set<Integer> bad = Set.copyOf(rows(16));
        Refusing db = new Refusing(bad);

        assertThat(db.isolate(rows(16))).isEmpty();
        assertThat(db.refused.keySet()).containsExactlyElementsOf(rows(16));
        assertThat(db.attempts).isEqualTo(2 * 16 - 1);
    }

    @Test
    void eachRefusedRowGetsTheRefusalOfItsOwnAttempt() throws SQLException {
        Refusing db = new Refusing(Set.of(2, 3));

        db.isolate(rows(4));

        assertThat(db.refused.get(2).getMessage()).isEqualTo("refused [2]");
        assertThat(db.refused.get(3).getMessage()).isEqualTo("refused [3]");
    }

    @Test
    void noRowsNeedNoAttempt() throws SQLException {
        Refusing db = new Refusing(Set.of(1));

        assertThat(db.isolate(List.of())).isEmpty();
        assertThat(db.attempts).isZero();
    }

    @Test
    void anErrorThatMustStopTheBatchEndsTheSearch() {
        SQLException lost = new SQLException("connection lost", "08006");
        List<List<Integer>> tried = new ArrayList<>();

        assertThatThrownBy(() -> RowIsolation.isolate(rows(8), part -> {
            tried.add(part);
            if (part.size() < 8) {
                throw lost;
            }
            return new SQLException("refused");
        }, (row, e) -> { })).isSameAs(lost);
        assertThat(tried).hasSize(2);
    }

    private static List<Integer> rows(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** Refuses every write that contains a bad row, as a constraint would, and counts the attempts. */
    private static final class Refusing {
        final Set<Integer> bad;
        final Map<Integer, SQLException> refused = new LinkedHashMap<>();
        int attempts;

        Refusing(Set<Integer> bad) {
            this.bad = bad;
        }

        List<Integer> isolate(List<Integer> rows) throws SQLException {
            return RowIsolation.isolate(rows, part -> {
                attempts++;
                List<Integer> culprits = part.stream().filter(bad::contains).toList();
                return culprits.isEmpty() ? null : new SQLException("refused " + culprits, "23505");
            }, refused::put);
        }
    }
}
