package dev.ferry.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;

/**
 * The server's hash of a table's rows and Ferry's hash of the COPY text loaded into it agree, for
 * text that needs escapes, is empty or spells {@code \N}, and for escapes the server reads but
 * never writes; and they disagree when a value moved.
 */
class RowsHashFormTest {
    private static final List<String> COLUMNS = List.of("id", "a", "b", "j", "n");
    private static final long SEED = -4_242_424_242L;

    static Stream<TestServer> postgres() {
        return TestServer.all().filter(s -> s.kind() == TestServer.Kind.POSTGRES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgres")
    void theServersSumOfItsRowsIsFerrysSumOfTheLinesLoaded(TestServer server) throws Exception {
        String lines = String.join("\n",
                "1\tplain\tshort\t{\"k\": 1}\t12.50",
                "2\ttab\\there, newline\\nhere, backslash \\\\ here\t\\r\\b\\f\\v\t\\N\t\\N",
                "3\t\t\\\\N\t[1, \"x\\\\ty\"]\t-0.01",
                "4\t\\N\tünïcødé ✓ 𝄞\t\"é\"\t0",
                "5\toctal \\101\\1011 and hex \\x41\\x4a\\x4\tx\\qy\tnull\t1000",
                "6\t2:ab\t\\\t\ttrue\t7") + "\n";
        try (TestDatabase db = server.create(); Connection c = db.database().connect("test")) {
            exec(c, "CREATE TABLE h (id int, a text, b varchar(30), j jsonb, n numeric)");
            long[] loaded = load(c, lines);
            assertThat(loaded[0]).isEqualTo(6);
            assertThat(serverSum(c)).isEqualTo(loaded);

            // The same rows written out by the server (its own escapes) hash alike too.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY h (id, a, b, j, n) TO STDOUT", out);
            assertThat(hash(c, out.toByteArray())).isEqualTo(loaded);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgres")
    void aValueThatMovedToTheNextTextColumnOrChangedOnTheWayInChangesTheSum(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Connection c = db.database().connect("test")) {
            exec(c, "CREATE TABLE h (id int, a text, b varchar(30), j jsonb, n numeric)");
            long[] archived = hash(c, "1\tab\tc\t1\t1\n".getBytes(StandardCharsets.UTF_8));
            load(c, "1\ta\tbc\t1\t1\n");
            assertThat(serverSum(c)).isNotEqualTo(archived);

            exec(c, "TRUNCATE h", "CREATE FUNCTION upper_b() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN NEW.b := upper(NEW.b); RETURN NEW; END'",
                    "CREATE TRIGGER upper_b BEFORE INSERT ON h FOR EACH ROW EXECUTE FUNCTION upper_b()");
            long[] fed = load(c, "1\tab\tc\t1\t1\n");
            assertThat(fed).isEqualTo(archived);
            assertThat(serverSum(c)).isNotEqualTo(fed);
        }
    }

    /** COPY {@code lines} into h; returns the count and sum Ferry computed over them. */
    private static long[] load(Connection c, String lines) throws Exception {
        byte[] bytes = lines.getBytes(StandardCharsets.UTF_8);
        c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY h (id, a, b, j, n) FROM STDIN", new ByteArrayInputStream(bytes));
        return hash(c, bytes);
    }

    private static long[] hash(Connection c, byte[] lines) throws Exception {
        RowsHashForm form = Dialects.forUrl(c.getMetaData().getURL()).archive().rowsHashForm(c, new TableRef(currentSchema(c), "h"), COLUMNS);
        assertThat(form.lengthPrefixed()).containsExactly(false, true, true, false, false);
        CopyTextHash hash = new CopyTextHash(SEED, form.lengthPrefixed());
        hash.update(lines, 0, lines.length);
        return new long[] {hash.rows(), hash.sum()};
    }

    private static long[] serverSum(Connection c) throws Exception {
        RowsHashForm form = Dialects.forUrl(c.getMetaData().getURL()).archive().rowsHashForm(c, new TableRef(currentSchema(c), "h"), COLUMNS);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(form.query().apply(SEED))) {
            rs.next();
            BigDecimal sum = rs.getBigDecimal(2);
            return new long[] {rs.getLong(1), sum == null ? 0 : sum.toBigInteger().longValue()};
        }
    }

    private static String currentSchema(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void exec(Connection c, String... sql) throws Exception {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }
}
