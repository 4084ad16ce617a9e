package dev.ferry.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The check after a load sees any text value that did not arrive as archived, NULLs, escapes and neighbours included. */
class LoadedContentTest {
    /** COPY lines as a backup writes them: tabs, newlines and backslashes escaped, the text {@code \N} beside NULL, empty beside NULL. */
    private static final String LINES = "1\ttab\\there\ttwo\\nlines\\r\\n\tplain\n"
            + "2\t\\\\N\t\\N\t\n"
            + "3\t\t\\\\\tünïcødé ✓ 𝄞\n"
            + "4\t\\N\tback\\\\slash\\\\\\\\\t\\\\t\n";

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void rowsLoadedAsArchivedPassTheCheck(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Connection c = db.database().connect("test")) {
            create(db);
            assertThatCode(() -> load(db, c)).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aTextValueATriggerChangedOnTheWayInFailsTheCheck(TestServer server) throws Exception {
        assertFailsTheCheck(server, "NEW.b = CONCAT(NEW.b, ' ');");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aValueMovedBetweenAdjacentTextColumnsFailsTheCheck(TestServer server) throws Exception {
        // Row 1's 'tab<TAB>here' and 'two<LF>lines...' become 'tab' and '<TAB>heretwo<LF>lines...': the same bytes, split elsewhere.
        assertFailsTheCheck(server, "IF NEW.id = 1 THEN NEW.b = CONCAT(SUBSTRING(NEW.a, 4), NEW.b); NEW.a = SUBSTRING(NEW.a, 1, 3); END IF;");
    }

    /** Loading {@link #LINES} through a BEFORE INSERT trigger running {@code body} fails the check, row count unchanged. */
    private static void assertFailsTheCheck(TestServer server, String body) throws Exception {
        try (TestDatabase db = server.create(); Connection c = db.database().connect("test")) {
            create(db);
            trigger(db, body);
            assertThatThrownBy(() -> load(db, c)).isInstanceOf(FerryException.class)
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.VALIDATION_FAILED))
                    .hasMessageContaining("differ from the archive");
        }
    }

    private static void create(TestDatabase db) throws Exception {
        db.exec("CREATE TABLE notes (id INT PRIMARY KEY, a VARCHAR(40), b TEXT, c TEXT)");
    }

    /** A BEFORE INSERT trigger on {@code notes} running {@code body}, its assignments written {@code NEW.x = ...;}. */
    private static void trigger(TestDatabase db, String body) throws Exception {
        if (db.isMariaDb()) {
            db.exec("CREATE TRIGGER notes_change BEFORE INSERT ON notes FOR EACH ROW BEGIN "
                    + body.replaceAll("NEW\\.(\\w) =", "SET NEW.$1 =") + " END");
        } else {
            db.exec("CREATE FUNCTION notes_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                            + body.replaceAll("NEW\\.(\\w) =", "NEW.$1 :=") + " RETURN NEW; END $$",
                    "CREATE TRIGGER notes_change BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION notes_change()");
        }
    }

    /** Loads {@link #LINES} into {@code notes} as a restore does and checks them, in one transaction left uncommitted. */
    private static void load(TestDatabase db, Connection c) throws Exception {
        Dialect dialect = db.database().dialect();
        TableRef table = new TableRef(db.isMariaDb() ? db.name() : "public", "notes");
        List<String> columns = List.of("id", "a", "b", "c");
        BackupManifest.Table source = new BackupManifest.Table(0, table.schema(), "notes", columns, 4, 0, 0, null, List.of(), List.of(), List.of());
        c.setAutoCommit(false); // hand-written: as a restore's load, rolled back when the connection closes
        try (Statement st = c.createStatement()) {
            for (String sql : dialect.archive().emptyTables(c, List.of(table))) {
                st.execute(sql); // emptied in the load's transaction, so COPY may freeze the rows
            }
        }
        LoadedContent content = LoadedContent.of(c, dialect, table, columns, dialect.archive().hashesRows(c), 42L);
        try (InputStream in = content.watch(new ByteArrayInputStream(LINES.getBytes(StandardCharsets.UTF_8)))) {
            dialect.archive().copyIn(c, table, columns, in);
        }
        content.requireIn(c, dialect, table, source);
    }
}
