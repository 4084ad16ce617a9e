package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.db.Dialect;
import dev.ferry.db.RowHash;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.plan.KeyUuids;
import dev.ferry.transfer.plan.RowMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The terms of derived keys equal the hash of each key's UUID derived on its own, however often a
 * parent repeats and whichever other parents share its place among the remembered ones.
 */
class DerivedKeyTermsTest {
    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void rememberedParentsGiveTheTermsOfKeysDerivedAfresh(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Connection c = db.database().connect("test"); Statement st = c.createStatement()) {
            Dialect d = db.database().dialect();
            // Column 1: a doctor out of 40 (repeats); column 2: one of four times as many profiles as remembered
            // places (collisions, each key coming back after others took its place); some rows without one.
            int rows = 4 * DerivedKeyTerms.REMEMBERED + 1000;
            st.execute("CREATE TABLE r (k BIGINT PRIMARY KEY, doctor VARCHAR(20), profile VARCHAR(20))");
            StringBuilder values = new StringBuilder();
            for (int k = 1; k <= rows; k++) {
                long profile = (k * 7919L) % (4L * DerivedKeyTerms.REMEMBERED);
                values.append(values.length() == 0 ? "" : ", ").append("(").append(k).append(", '").append(k % 40).append("', ")
                        .append(k % 11 == 0 ? "NULL" : "'" + profile + "'").append(")");
                if (k % 5000 == 0 || k == rows) {
                    st.execute("INSERT INTO r VALUES " + values);
                    values.setLength(0);
                }
            }
            List<RowMapper.Origin> origins = List.of(new RowMapper.Copied("k"), new RowMapper.Derived(1, "doctors"),
                    new RowMapper.Derived(2, "profiles"));
            DerivedKeyTerms terms = new DerivedKeyTerms(origins, new int[] {1, 2}, 2, d);
            RowHash hash = new RowHash(d.hashing().columnHash());
            long checked = 0;
            try (ResultSet rs = st.executeQuery("SELECT k, doctor, profile FROM r ORDER BY k")) {
                while (rs.next()) {
                    long key = rs.getLong(1);
                    String doctor = rs.getString(2);
                    String profile = rs.getString(3);
                    long expected = hash.column(key, 1, KeyUuids.of("doctors", doctor).toString())
                            + (profile == null ? 0 : hash.column(key, 2, KeyUuids.of("profiles", profile).toString()));
                    assertThat(terms.sum(rs, key)).as("row %d", key).isEqualTo(expected);
                    checked++;
                }
            }
            assertThat(checked).isEqualTo(rows);
        }
    }
}
