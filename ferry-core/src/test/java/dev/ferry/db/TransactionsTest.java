package dev.ferry.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactionsTest {
    private TestDatabase db;
    private Connection c;

    @BeforeEach
    void createTable() throws SQLException {
        db = TestServer.embeddedPostgres().create();
        db.exec("CREATE TABLE t (id int PRIMARY KEY)");
        c = db.database().connect("test");
    }

    @AfterEach
    void drop() throws SQLException {
        c.close();
        db.close();
    }

    @Test
    void commitsTheWorkAndReturnsItsValue() throws SQLException {
        int value = Transactions.call(c, "Inserting", () -> {
            insert(c, 1);
            insert(c, 2);
            return 42;
        });

        assertThat(value).isEqualTo(42);
        assertThat(rowsSeenByAnotherSession()).isEqualTo(2);
        assertThat(c.getAutoCommit()).isTrue();
    }

    @Test
    void rollsBackOnAnSqlErrorAndWrapsItOnceWithWhereAndSqlState() throws SQLException {
        assertThatThrownBy(() -> Transactions.run(c, "Inserting twice", () -> {
            insert(c, 1);
            insert(c, 1);
        }))
                .isExactlyInstanceOf(FerryException.class)
                .hasMessageStartingWith("Inserting twice: ")
                .hasMessageContaining("[SQLState 23505]")
                .cause().isInstanceOf(SQLException.class).extracting(Throwable::getCause).isNull();

        assertThat(rowsSeenByAnotherSession()).isZero();
        assertThat(c.getAutoCommit()).isTrue();
    }

    @Test
    void rollsBackOnAnUncheckedExceptionAndLetsItThroughUnchanged() throws SQLException {
        IllegalStateException thrown = new IllegalStateException("stop");

        assertThatThrownBy(() -> Transactions.run(c, () -> {
            insert(c, 1);
            throw thrown;
        })).isSameAs(thrown);

        assertThat(rowsSeenByAnotherSession()).isZero();
        assertThat(c.getAutoCommit()).isTrue();
    }

    @Test
    void leavesAConnectionThatWasNotInAutoCommitModeAsItWas() throws SQLException {
        c.setAutoCommit(false);

        Transactions.run(c, () -> insert(c, 1));

        assertThat(c.getAutoCommit()).isFalse();
        assertThat(rowsSeenByAnotherSession()).isEqualTo(1);
    }

    @Test
    void aFailingRollbackIsKeptBesideTheOriginalError() {
        SQLException original = new SQLException("the work failed", "22012");

        assertThatThrownBy(() -> Transactions.run(c, "Working", () -> {
            insert(c, 1);
            c.close();
            throw original;
        }))
                .isInstanceOf(FerryException.class)
                .hasMessage("Working: the work failed [SQLState 22012]")
                .cause().isSameAs(original);
        assertThat(original.getSuppressed()).isNotEmpty().allMatch(SQLException.class::isInstance);
    }

    private static void insert(Connection c, int id) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO t VALUES (" + id + ")");
        }
    }

    private long rowsSeenByAnotherSession() throws SQLException {
        try (Connection other = db.database().connect("test reader"); Statement st = other.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
