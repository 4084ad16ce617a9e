package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.TransferResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that are not text travel and compare by their type: binary columns byte for byte (zero
 * bytes, 0xFF, 200 KB), arrays, enums and domains as the database's own values, on PostgreSQL and
 * MariaDB in both directions.
 */
class ValuesByTypeTest {
    @TempDir
    Path dir;

    /** Row 1: a zero byte; row 2: 0xFF around a zero; row 3: 200 KB of every byte value; row 4: NULL; row 5: no bytes. */
    private static final byte[][] PAYLOADS = {{0}, {(byte) 0xff, 0, (byte) 0xff}, large(), null, {}};

    private static final String POSTGRES_PAYLOAD = "SELECT payload FROM items i JOIN ferry_id_map m ON m.new_key = i.id::text "
            + "AND m.entity = 'items' WHERE m.legacy_key = ?";
    private static final String POSTGRES_CORRUPT_ROW_3 = "UPDATE items SET payload = set_byte(payload, 1000, 1 + get_byte(payload, 1000)) "
            + "WHERE id::text = (SELECT new_key FROM ferry_id_map WHERE entity = 'items' AND legacy_key = '3')";

    private static byte[] large() {
        byte[] b = new byte[200_000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7919 % 256);
        }
        return b;
    }

    @Test
    void postgresBinaryArraysEnumsAndDomainsTransferExactlyAndVerifyByType() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')", "CREATE DOMAIN code AS text CHECK (VALUE ~ '^[A-Z]*$')",
                    "CREATE TABLE legacy_item (id int PRIMARY KEY, payload bytea, tags text[], features text, mood mood, code code)");
            target.exec("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')", "CREATE DOMAIN code AS text CHECK (VALUE ~ '^[A-Z]*$')",
                    "CREATE TABLE items (id uuid PRIMARY KEY, payload bytea, tags text[], features text[], mood mood, code code)");
            fill(source, "INSERT INTO legacy_item (id, payload, tags, features, mood, code) VALUES (?, ?, "
                    + "'{\"Deleted Scenes\",Trailers}', '{Deleted Scenes,Behind the Scenes}', 'happy', 'ABC')");
            Path plan = plan(source, target, "tags: tags\n      features: features\n      mood: mood\n      code: code\n");

            transferVerifyCorruptAndFind(plan, source, target, POSTGRES_PAYLOAD, POSTGRES_CORRUPT_ROW_3);
        }
    }

    @Test
    void mariaDbBlobsTransferIntoPostgresByteExactly() throws Exception {
        try (TestDatabase source = TestServer.mariaDb().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_item (id INT PRIMARY KEY, payload LONGBLOB, small VARBINARY(8))");
            target.exec("CREATE TABLE items (id uuid PRIMARY KEY, payload bytea, small bytea)");
            fill(source, "INSERT INTO legacy_item (id, payload, small) VALUES (?, ?, UNHEX('00FF'))");
            Path plan = plan(source, target, "small: small\n");

            transferVerifyCorruptAndFind(plan, source, target, POSTGRES_PAYLOAD, POSTGRES_CORRUPT_ROW_3);
        }
    }

    @Test
    void postgresByteaTransfersIntoMariaDbBlobsByteExactly() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.mariaDb().create()) {
            source.exec("CREATE TABLE legacy_item (id int PRIMARY KEY, payload bytea, small bytea)");
            target.exec("CREATE TABLE items (id CHAR(36) PRIMARY KEY, payload LONGBLOB, small VARBINARY(8))");
            fill(source, "INSERT INTO legacy_item (id, payload, small) VALUES (?, ?, '\\x00ff')");
            Path plan = plan(source, target, "small: small\n");

            transferVerifyCorruptAndFind(plan, source, target,
                    "SELECT payload FROM items i JOIN ferry_id_map m ON m.new_key = i.id AND m.entity = 'items' WHERE m.legacy_key = ?",
                    "UPDATE items SET payload = CONCAT(LEFT(payload, 1000), UNHEX('01'), SUBSTRING(payload, 1002)) WHERE id = "
                    + "(SELECT new_key FROM ferry_id_map WHERE entity = 'items' AND legacy_key = '3')");
        }
    }

    @Test
    void uuidKeysAndReferencesLandInMariaDbBinary16AndVerifyComparesThem() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.mariaDb().create()) {
            source.exec("CREATE TABLE legacy_item (id int PRIMARY KEY, payload bytea, small bytea)",
                    "CREATE TABLE legacy_part (id int PRIMARY KEY, item_id int REFERENCES legacy_item, name text)");
            target.exec("CREATE TABLE items (id BINARY(16) PRIMARY KEY, payload LONGBLOB, small VARBINARY(8))",
                    "CREATE TABLE parts (id BINARY(16) PRIMARY KEY, item_id BINARY(16) REFERENCES items (id), name VARCHAR(20))");
            fill(source, "INSERT INTO legacy_item (id, payload, small) VALUES (?, ?, NULL)");
            source.exec("INSERT INTO legacy_part SELECT i, 1 + i % 5, 'part ' || i FROM generate_series(1, 20) i");
            Path plan = plan(source, target, "small: small\n  parts:\n    from: legacy_part\n    to: parts\n    key: {column: id}\n"
                    + "    columns:\n      name: name\n    references:\n      item_id: {from: item_id, entity: items}\n");

            assertThat(transfer(plan, source, target).status()).isEqualTo("completed");
            assertBytesEqual(target, "SELECT payload FROM items i JOIN ferry_id_map m ON UNHEX(REPLACE(m.new_key, '-', '')) = i.id "
                    + "AND m.entity = 'items' WHERE m.legacy_key = ?");
            try (Connection c = target.database().connect("test"); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT COUNT(*) FROM parts p JOIN ferry_id_map m ON m.entity = 'parts' AND UNHEX(REPLACE(m.new_key, '-', '')) = p.id")) {
                assertThat(rs.next() && rs.getLong(1) == 20).as("every part stored under the 16 bytes of its UUID").isTrue();
            }
            assertThat(verify(plan, source, target, VerifyLevel.RIGOROUS)).allMatch(f -> f.status() == CheckStatus.PASSED, "all passed")
                    .filteredOn(f -> f.check().equals("content")).hasSize(2).allMatch(f -> f.message().contains("all equal"));
            assertThat(verify(plan, source, target, VerifyLevel.FORENSIC)).allMatch(f -> f.status() == CheckStatus.PASSED, "all passed, row by row");

            String part7 = "(SELECT UNHEX(REPLACE(new_key, '-', '')) FROM ferry_id_map WHERE entity = 'parts' AND legacy_key = '7')";
            String item1 = "(SELECT UNHEX(REPLACE(new_key, '-', '')) FROM ferry_id_map WHERE entity = 'items' AND legacy_key = '1')";
            target.exec("UPDATE parts SET item_id = " + item1 + " WHERE id = " + part7);
            List<Finding> damaged = verify(plan, source, target, VerifyLevel.STANDARD);
            Finding parts = damaged.stream().filter(f -> f.check().equals("content") && f.subject().equals("parts")).findFirst().orElseThrow();
            assertThat(parts.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(parts.sample()).singleElement().satisfies(line -> assertThat(line).startsWith("changed: legacy key 7 ")
                    .containsPattern("item_id: expected [0-9a-f-]{36}, found [0-9a-f-]{36}"));
        }
    }

    @Test
    void aSpatialColumnBetweenMariaDbAndPostgresIsRefusedAtPlanTimeNamingTheColumn() throws Exception {
        try (TestDatabase source = TestServer.mariaDb().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_item (id INT PRIMARY KEY, payload LONGBLOB, spot POINT)",
                    "INSERT INTO legacy_item VALUES (1, NULL, ST_PointFromText('POINT(1 2)'))");
            target.exec("CREATE TABLE items (id uuid PRIMARY KEY, payload bytea, spot point)");
            Path plan = plan(source, target, "spot: spot\n");

            assertThatThrownBy(() -> transfer(plan, source, target)).isInstanceOfSatisfying(FerryException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                assertThat(e.getMessage()).contains("column 'spot': source column legacy_item.spot is point, a spatial type Ferry cannot carry exactly "
                        + "from MariaDB to PostgreSQL");
            });
            try (Connection c = target.database().connect("test"); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM items")) {
                assertThat(rs.next() && rs.getLong(1) == 0).as("nothing moved").isTrue();
            }
        }
    }

    private static void fill(TestDatabase db, String insert) throws Exception {
        try (Connection c = db.database().connect("test"); PreparedStatement ps = c.prepareStatement(insert)) {
            for (int i = 0; i < PAYLOADS.length; i++) {
                ps.setInt(1, i + 1);
                ps.setBytes(2, PAYLOADS[i]);
                ps.executeUpdate();
            }
        }
    }

    private static void assertBytesEqual(TestDatabase target, String byLegacyKey) throws Exception {
        try (Connection c = target.database().connect("test"); PreparedStatement ps = c.prepareStatement(byLegacyKey)) {
            for (int i = 0; i < PAYLOADS.length; i++) {
                ps.setString(1, Integer.toString(i + 1));
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("row %d", i + 1).isTrue();
                    assertThat(rs.getBytes(1)).as("payload of row %d", i + 1).isEqualTo(PAYLOADS[i]);
                }
            }
        }
    }

    /**
     * Transfers, checks every payload byte for byte ({@code payloadByLegacyKey}), verifies clean at
     * rigorous, runs {@code corruptRow3} in the target and verifies that exactly that row is found.
     */
    private void transferVerifyCorruptAndFind(Path plan, TestDatabase source, TestDatabase target, String payloadByLegacyKey,
                                              String corruptRow3) throws Exception {
        assertThat(transfer(plan, source, target).status()).isEqualTo("completed");
        assertBytesEqual(target, payloadByLegacyKey);
        assertClean(verify(plan, source, target, VerifyLevel.RIGOROUS));
        target.exec(corruptRow3);
        assertCorruptionFoundByKey(plan, source, target);
    }

    /** Every check passes, and no segment needed a closer look: both sides hash each value alike. */
    private static void assertClean(List<Finding> findings) {
        assertThat(findings).allMatch(f -> f.status() == CheckStatus.PASSED, "all passed");
        assertThat(findings).filteredOn(f -> f.check().equals("content")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("all equal"));
    }

    /** The one changed payload is named by its legacy key, shown as length and digest, never as its bytes. */
    private void assertCorruptionFoundByKey(Path plan, TestDatabase source, TestDatabase target) throws Exception {
        assertChangedPayloadShownAsDigest(verify(plan, source, target, VerifyLevel.RIGOROUS));
        assertChangedPayloadShownAsDigest(verify(plan, source, target, VerifyLevel.FORENSIC));
        assertThat(Files.readString(dir.resolve("diff.csv"))).contains("\"items\",\"changed\",\"3\"").hasSizeLessThan(2000);
    }

    private static void assertChangedPayloadShownAsDigest(List<Finding> findings) throws Exception {
        Finding content = findings.stream().filter(f -> f.check().equals("content") && f.subject().equals("items")
                && f.status() == CheckStatus.FAILED).findFirst().orElseThrow(() -> new AssertionError("no failed content in " + findings));
        assertThat(content.message()).startsWith("0 missing, 1 changed");
        assertThat(content.sample()).hasSize(1);
        String line = content.sample().get(0);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PAYLOADS[2])).substring(0, 16);
        assertThat(line).startsWith("changed: legacy key 3 ").contains("payload: expected <200,000 bytes sha256:" + digest)
                .contains("found <200,000 bytes sha256:").hasSizeLessThan(400);
    }

    private Path plan(TestDatabase source, TestDatabase target, String moreColumns) throws Exception {
        return new PlanRuns(dir).plan(source, target, "{column: id}", "payload: payload\n      " + moreColumns);
    }

    private TransferResult transfer(Path plan, TestDatabase source, TestDatabase target) {
        return new PlanRuns(dir).transfer(plan, source, target);
    }

    private List<Finding> verify(Path plan, TestDatabase source, TestDatabase target, VerifyLevel level) {
        return new PlanRuns(dir).verify(plan, source, target, level);
    }
}
