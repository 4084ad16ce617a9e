package dev.ferry.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A value hashed by the database after it stored it, and the same value as Ferry would have
 * computed it (any common spelling), give the same row hash on every server.
 */
class RowHashTest {

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    /** Column type, then spellings a plan may produce for one stored value. */
    private static List<String[]> samples(boolean mariaDb) {
        return List.of(
                new String[] {"varchar(40)", "plain text"},
                new String[] {"varchar(40)", "naïve café ☕ 𝄞"},
                new String[] {"varchar(40)", "2:ab"},
                new String[] {"text", ""},
                new String[] {"char(5)", "ab   ", "ab"},
                new String[] {"integer", "42", "42.0", " 42", "042"},
                new String[] {"integer", "-7", "-7.00"},
                new String[] {"bigint", "0", "-0"},
                new String[] {"numeric(12,2)", "12.50", "12.5", "12.500", "1.25e1"},
                new String[] {"numeric(12,2)", "0.00", "-0", "0"},
                new String[] {"numeric(12,0)", "15", "15.0"},
                new String[] {"date", "2024-02-29"},
                new String[] {mariaDb ? "datetime(6)" : "timestamp", "2024-02-29 10:11:12.5", "2024-02-29T10:11:12.500", "2024-02-29 10:11:12.500000"},
                new String[] {mariaDb ? "datetime(6)" : "timestamp", "2024-02-29 10:11:12", "2024-02-29T10:11:12", "2024-02-29 10:11:12.000"},
                new String[] {mariaDb ? "datetime" : "timestamp(0)", "2024-02-29 23:59:59"},
                new String[] {"boolean", mariaDb ? "1" : "true", "t", "true", "1", "yes"},
                new String[] {"boolean", mariaDb ? "0" : "false", "f", "false", "0", "no"},
                new String[] {"uuid", "5f0c7d2e-8a4b-5c3d-9e1f-0a2b3c4d5e6f", "5F0C7D2E-8A4B-5C3D-9E1F-0A2B3C4D5E6F"},
                new String[] {mariaDb ? "json" : "jsonb", "{\"items\": 2, \"currency\": \"EUR\", \"aligner\": {\"stage\": 25}}",
                        "{\"currency\":\"EUR\",\"aligner\":{\"stage\":25},\"items\":2}"},
                new String[] {mariaDb ? "json" : "jsonb", "[1.50, -0, 1e2, \"tab\\there\", {\"b\": null, \"a\": [true, false]}, \"é\\u00e9\"]"},
                new String[] {mariaDb ? "json" : "jsonb", "{\"k\": 1, \"k\": 2}"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void theDatabaseAndFerryHashAStoredValueAlike(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Connection c = db.database().connect("test")) {
            Dialect d = db.database().dialect();
            for (String[] sample : samples(db.isMariaDb())) {
                String type = sample[0];
                try (Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS h");
                    st.execute("CREATE TABLE h (v " + type + ", w integer)");
                }
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO h VALUES (" + d.literal(sample[1]) + ", NULL)");
                }
                List<ColumnInfo> cols = Catalogs.columns(c, new TableRef(d.currentSchema(c), "h"));
                long stored;
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT "
                        + d.hashing().rowHashSql("42", List.of(0, 1), List.of(d.hashing().canonicalText(cols.get(0), "h.v"), d.hashing().canonicalText(cols.get(1), "h.w"))) + " FROM h")) {
                    rs.next();
                    stored = rs.getLong(1);
                }
                CanonicalForm form = d.hashing().canonicalForm(cols.get(0));
                CanonicalForm nullForm = d.hashing().canonicalForm(cols.get(1));
                for (int i = 1; i < sample.length; i++) {
                    String spelled = sample[i];
                    boolean jsonOnMariaDb = db.isMariaDb() && type.equals("json") && i > 1; // stored as written: only its own spelling
                    if (jsonOnMariaDb) {
                        continue;
                    }
                    long computed = new RowHash(d.hashing().columnHash()).of(42, new String[] {form.render(cols.get(0), spelled), nullForm.render(cols.get(1), null)});
                    assertThat(computed).as(type + " spelled " + spelled + " (" + form + ")").isEqualTo(stored);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void theDatabaseAndFerryMixARowsKeyAlike(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Connection c = db.database().connect("test"); Statement st = c.createStatement()) {
            HashingSql hashing = db.database().dialect().hashing();
            RowHash.ColumnHash hash = hashing.columnHash();
            for (long key : new long[] {0, 1, -1, 42, 1234567890123L, Long.MIN_VALUE, Long.MAX_VALUE}) {
                for (long partial : new long[] {0, 1, 9, 10, 123456789, RowHash.MASK}) {
                    try (ResultSet rs = st.executeQuery("SELECT " + hashing.rowMixSql(hashing.integerCast("'" + key + "'"), Long.toString(partial)))) {
                        rs.next();
                        assertThat(rs.getLong(1)).as("key " + key + ", partial " + partial).isEqualTo(hash.mix(key, partial));
                    }
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aValueMovedToAnotherRowChangesTheRowsSum() {
        for (RowHash.ColumnHash columnHash : List.of(new PostgresDialect().hashing().columnHash(), new MariaDbDialect().hashing().columnHash())) {
            RowHash hash = new RowHash(columnHash);
            long before = hash.of(1, new String[] {"alice", "paid"}) + hash.of(2, new String[] {"bob", "open"});
            long after = hash.of(1, new String[] {"alice", "open"}) + hash.of(2, new String[] {"bob", "paid"});
            assertThat(after).isNotEqualTo(before);
        }
    }

    @org.junit.jupiter.api.Test
    void valuesSwappedBetweenTwoColumnsChangeTheRowsHash() {
        for (RowHash.ColumnHash columnHash : List.of(new PostgresDialect().hashing().columnHash(), new MariaDbDialect().hashing().columnHash())) {
            RowHash hash = new RowHash(columnHash);
            assertThat(hash.of(7, new String[] {"open", "paid"})).isNotEqualTo(hash.of(7, new String[] {"paid", "open"}));
        }
    }

    @org.junit.jupiter.api.Test
    void rowHashesStayBelowTwoToThe48() {
        for (RowHash.ColumnHash columnHash : List.of(new PostgresDialect().hashing().columnHash(), new MariaDbDialect().hashing().columnHash())) {
            for (long key = -50; key < 50; key++) {
                assertThat(new RowHash(columnHash).of(key, new String[] {"x" + key, null})).isBetween(0L, RowHash.MASK);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aTextHashedFromItsBytesEqualsTheTextHashed() {
        for (RowHash.ColumnHash hash : List.of(new PostgresDialect().hashing().columnHash(), new MariaDbDialect().hashing().columnHash())) {
            assertHashesBytesAsText(hash);
        }
    }

    private static void assertHashesBytesAsText(RowHash.ColumnHash hash) {
        for (String text : new String[] {"", "a", "70843b66-70db-529e-9403-0e280da31782", "naïve café ☕ 𝄞", "exactly twelve", "twelve bytes"}) {
            byte[] utf8 = java.util.Arrays.copyOf(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), 64);
            int length = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            assertThat(hash.ofUtf8(3, utf8, length)).as(text).isEqualTo(hash.of(3, text));
        }
    }
}
