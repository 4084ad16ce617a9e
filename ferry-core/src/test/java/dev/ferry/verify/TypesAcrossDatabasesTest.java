package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.TextRow;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.TransferResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fixture of real-schema column types per direction (PostgreSQL to PostgreSQL, MariaDB to
 * PostgreSQL, PostgreSQL to MariaDB): every column is either carried exactly (the transfer
 * verifies clean at rigorous, byte for byte where it is binary, and one changed value is found by
 * its key) or refused when the plan is checked, naming table, column and type.
 */
class TypesAcrossDatabasesTest {
    @TempDir
    Path dir;

    /** 1.5 MB of every byte value, zero bytes included. */
    private static final byte[] LARGE = large();

    private static byte[] large() {
        byte[] b = new byte[1_500_000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7919 % 256);
        }
        return b;
    }

    private static final String PG_TYPES = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); "
            + "CREATE DOMAIN code AS text CHECK (VALUE ~ '^[A-Z ]*$')";
    private static final String PG_COLUMNS = "payload bytea, tags text[], nums int[], mood mood, code code, span int4range, "
            + "period tstzrange, doc json, docb jsonb, gap interval, at_tz time with time zone, price money, flags bit(4), "
            + "vflags bit varying(10), ref uuid, host inet, net cidr, fixed character(5)";
    private static final String PG_ROW_1 = "(1, ?, '{\"Deleted Scenes\",\"say \\\"hi\\\"\",NULL,back\\\\slash}', '{1,-2,NULL}', 'happy', "
            + "'A B', '[1,10)', '[2024-01-01 10:00+02,2024-02-01 00:00+00)', '{\"b\": 1, \"a\": [1, 2.50]}', "
            + "'{\"b\": 1, \"a\": [1, 2.50], \"a\": \"last\"}', '1 year 2 mons 3 days 04:05:06.5', '12:30:00+05:30', 1234.56, "
            + "B'1010', B'101', 'f47ac10b-58cc-4372-a567-0e02b2c3d479', '192.168.1.5/24', '10.0.0.0/8', 'ab')";
    private static final String PG_ROW_2 = "(2, '\\x00ff00', '{}', '{{1,2},{3,4}}', 'sad', '', 'empty', '(,)', '[]', "
            + "'{}', '-00:00:01', '00:00:00-01', -0.99, B'0000', B'', '00000000-0000-0000-0000-000000000000', '::1', "
            + "'2001:db8::/32', 'abcde')";
    private static final String PG_ROW_3 = "(3" + ", NULL".repeat(18) + ")";

    @Test
    void postgresToPostgresCarriesEveryTypeExactly() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec(PG_TYPES, "CREATE TABLE legacy_item (id int PRIMARY KEY, " + PG_COLUMNS + ")");
            target.exec(PG_TYPES, "CREATE TABLE items (id int PRIMARY KEY, " + PG_COLUMNS + ")");
            insert(source, "INSERT INTO legacy_item VALUES " + PG_ROW_1 + ", " + PG_ROW_2 + ", " + PG_ROW_3);
            Path plan = plan(source, target, columns(PG_COLUMNS));

            assertCarried(plan, source, target);
            assertSameRows(source, "SELECT * FROM legacy_item ORDER BY id", target, "SELECT * FROM items ORDER BY id");
            assertChangeFound(plan, source, target, "UPDATE items SET tags = '{\"Deleted Scenes\",\"say \\\"hi\\\"\",NULL,back_slash}' "
                    + "WHERE id = 1", "tags: expected");
        }
    }

    private static final String MARIADB_SOURCE = "payload LONGBLOB, tags SET('a','b c','d'), mood ENUM('sad','ok','happy'), yr YEAR, "
            + "flags BIT(5), ref BINARY(16), doc JSON, fixed CHAR(5), at TIME(3), amount DECIMAL(12,2)";
    /** MariaDB's TIME is a duration (-838:59:59 to 838:59:59): PostgreSQL's interval holds every one of them, its time does not. */
    private static final String MARIADB_TO_PG = "payload bytea, tags text, mood mood, yr smallint, flags bit(5), ref uuid, doc jsonb, "
            + "fixed character(5), at interval, amount numeric(12,2)";

    @Test
    void mariaDbToPostgresCarriesEveryTypeExactly() throws Exception {
        try (TestDatabase source = TestServer.mariaDb().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_item (id INT PRIMARY KEY, " + MARIADB_SOURCE + ")");
            target.exec(PG_TYPES, "CREATE TABLE items (id int PRIMARY KEY, " + MARIADB_TO_PG + ")");
            fillMariaDb(source);
            Path plan = plan(source, target, columns(MARIADB_TO_PG));

            assertCarried(plan, source, target);
            assertChangeFound(plan, source, target, "UPDATE items SET payload = set_byte(payload, 1000000, (get_byte(payload, 1000000) + 1) % 256) "
                    + "WHERE id = 1", "payload: expected <1,500,000 bytes sha256:");
        }
    }

    private static void fillMariaDb(TestDatabase source) throws Exception {
        insert(source, "INSERT INTO legacy_item VALUES (1, ?, 'a,b c', 'happy', 2024, b'10110', "
                + "UNHEX('F47AC10B58CC4372A5670E02B2C3D479'), '{\"b\": 1, \"a\": [1, 2.50]}', 'ab', '12:30:00.125', 1234.56), "
                + "(2, UNHEX('00FF00'), '', 'sad', 1901, b'00000', UNHEX('00000000000000000000000000000000'), '[]', 'abcde', "
                + "'-838:59:59', -0.99), (3" + ", NULL".repeat(10) + ")");
    }

    @Test
    void mariaDbToMariaDbCarriesEveryTypeExactly() throws Exception {
        try (TestDatabase source = TestServer.mariaDb().create(); TestDatabase target = TestServer.mariaDb().create()) {
            source.exec("CREATE TABLE legacy_item (id INT PRIMARY KEY, " + MARIADB_SOURCE + ")");
            target.exec("CREATE TABLE items (id INT PRIMARY KEY, " + MARIADB_SOURCE + ")");
            fillMariaDb(source);
            Path plan = plan(source, target, columns(MARIADB_SOURCE));

            assertCarried(plan, source, target);
            assertSameRows(source, "SELECT * FROM legacy_item ORDER BY id", target, "SELECT * FROM items ORDER BY id");
            assertChangeFound(plan, source, target, "UPDATE items SET flags = b'10111' WHERE id = 1", "flags: expected 10110, found 10111");
        }
    }

    /** Everything but money (refused, see below) into MariaDB: what has no MariaDB type arrives as PostgreSQL's text of it. */
    private static final String PG_TO_MARIADB = "payload LONGBLOB, tags TEXT, nums TEXT, mood ENUM('sad','ok','happy'), code VARCHAR(20), "
            + "span VARCHAR(40), period VARCHAR(80), doc JSON, docb JSON, gap VARCHAR(60), at_tz VARCHAR(30), "
            + "flags BIT(4), vflags VARCHAR(10), ref BINARY(16), host VARCHAR(43), net VARCHAR(43), fixed CHAR(5)";

    @Test
    void postgresToMariaDbCarriesEveryTypeExactly() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.mariaDb().create()) {
            source.exec(PG_TYPES, "CREATE TABLE legacy_item (id int PRIMARY KEY, " + PG_COLUMNS + ")");
            target.exec("CREATE TABLE items (id INT PRIMARY KEY, " + PG_TO_MARIADB + ")");
            insert(source, "INSERT INTO legacy_item VALUES " + PG_ROW_1 + ", " + PG_ROW_2 + ", " + PG_ROW_3);
            Path plan = plan(source, target, columns(PG_TO_MARIADB));

            assertCarried(plan, source, target);
            assertChangeFound(plan, source, target, "UPDATE items SET docb = '{\"a\": [1, 2.5], \"b\": 1}' WHERE id = 1", "docb: expected");
        }
    }

    @Test
    void typesWithoutAnExactCounterpartAreRefusedAtPlanTimeNamingTableColumnAndType() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.mariaDb().create()) {
            source.exec("CREATE TABLE legacy_item (id int PRIMARY KEY, price money, at_tz time with time zone, spot point)",
                    "INSERT INTO legacy_item VALUES (1, 12.5, '12:00+02', '(1,2)')");
            target.exec("CREATE TABLE items (id INT PRIMARY KEY, price DECIMAL(12,2), at_tz TIME, spot POINT)");
            Path plan = plan(source, target, "price: price\n      at_tz: at_tz\n      spot: spot\n");

            assertThatThrownBy(() -> transfer(plan, source, target)).isInstanceOfSatisfying(FerryException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                assertThat(e.getMessage()).contains("column 'price': source column legacy_item.price is money")
                        .contains("CAST(price AS numeric)")
                        .contains("column 'at_tz': source column legacy_item.at_tz is time with time zone, and target column items.at_tz is time")
                        .contains("column 'spot': source column legacy_item.spot is point, a spatial type");
            });
            assertThat(rows(target, "SELECT COUNT(*) FROM items")).containsExactly(List.of("0"));
        }
    }

    // ------------------------------------------------------------------------------------------

    private static String columns(String ddl) {
        return Arrays.stream(ddl.split(",\\s+(?=[a-z_]+ )")).map(c -> c.substring(0, c.indexOf(' ')))
                .map(c -> c + ": " + c).collect(Collectors.joining("\n      ", "", "\n"));
    }

    private static void insert(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.database().connect("test"); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBytes(1, LARGE);
            ps.executeUpdate();
        }
    }

    private void assertCarried(Path plan, TestDatabase source, TestDatabase target) throws Exception {
        try {
            transfer(plan, source, target);
        } catch (FerryException e) {
            throw new AssertionError(e.getMessage() + ": " + rows(target, "SELECT legacy_key, error FROM ferry_rejects"), e);
        }
        List<Finding> findings = verify(plan, source, target, VerifyLevel.RIGOROUS);
        assertThat(findings).allMatch(f -> f.status() == CheckStatus.PASSED, "all passed: " + findings);
        assertThat(findings).filteredOn(f -> f.check().equals("content")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("all equal"));
        assertThat(verify(plan, source, target, VerifyLevel.FORENSIC)).allMatch(f -> f.status() == CheckStatus.PASSED, "all passed, row by row");
    }

    /** After {@code change}, row 1 is the one changed row, its difference shown as {@code shown} says (a binary value as length and digest). */
    private void assertChangeFound(Path plan, TestDatabase source, TestDatabase target, String change, String shown) throws Exception {
        target.exec(change);
        for (VerifyLevel level : List.of(VerifyLevel.RIGOROUS, VerifyLevel.FORENSIC)) {
            List<Finding> findings = verify(plan, source, target, level);
            Finding content = findings.stream().filter(f -> f.check().equals("content") && f.status() == CheckStatus.FAILED).findFirst()
                    .orElseThrow(() -> new AssertionError("change not found at " + level + ": " + findings));
            assertThat(content.message()).startsWith("0 missing, 1 changed");
            assertThat(content.sample()).singleElement().satisfies(line -> assertThat(line).startsWith("changed: legacy key 1 ")
                    .contains(shown).hasSizeLessThan(600));
        }
    }

    /** Both sides' rows as the database prints them, binary columns compared by their bytes. */
    private static void assertSameRows(TestDatabase a, String queryA, TestDatabase b, String queryB) throws Exception {
        assertThat(rows(b, queryB)).isEqualTo(rows(a, queryA));
    }

    private static List<List<String>> rows(TestDatabase db, String query) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = db.database().connect("test"); ResultSet rs = c.createStatement().executeQuery(query)) {
            TextRow text = TextRow.of(rs);
            while (rs.next()) {
                rows.add(Arrays.asList(text.read(rs, rs.getMetaData().getColumnCount())));
            }
        }
        return rows;
    }

    private Path plan(TestDatabase source, TestDatabase target, String columns) throws Exception {
        return new PlanRuns(dir).plan(source, target, "{column: id, strategy: keep}", columns);
    }

    private TransferResult transfer(Path plan, TestDatabase source, TestDatabase target) {
        return new PlanRuns(dir).transfer(plan, source, target);
    }

    private List<Finding> verify(Path plan, TestDatabase source, TestDatabase target, VerifyLevel level) {
        return new PlanRuns(dir).verify(plan, source, target, level);
    }
}
