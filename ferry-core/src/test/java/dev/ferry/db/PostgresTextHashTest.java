package dev.ferry.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Ferry's copy of {@code hashtextextended} gives the server's number for every length and seed. */
class PostgresTextHashTest {

    static Stream<TestServer> postgres() {
        return TestServer.all().filter(s -> s.kind() == TestServer.Kind.POSTGRES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgres")
    void everyTailLengthWholeBlocksAndSeedHashAsTheServerDoes(TestServer server) throws Exception {
        String alphabet = "abc\tdéf✓g\\h𝄞ij0123456789";
        long[] seeds = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x5DEECE66DL, -7_000_000_000_123L};
        try (TestDatabase db = server.create(); Connection c = db.database().connect("test");
             PreparedStatement ps = c.prepareStatement("SELECT hashtextextended(?, ?)")) {
            for (int n = 0; n <= 40; n++) {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, (i * 7 + n) % alphabet.codePointCount(0, alphabet.length()))));
                }
                byte[] utf8 = ("#" + text).getBytes(StandardCharsets.UTF_8);
                for (long seed : seeds) {
                    ps.setString(1, text.toString());
                    ps.setLong(2, seed);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        // From offset 1, so a word read at an offset that is not a multiple of four is covered too.
                        assertThat(PostgresTextHash.hash(utf8, 1, utf8.length - 1, seed)).as("%d code points, seed %d", n, seed)
                                .isEqualTo(rs.getLong(1));
                    }
                }
            }
        }
    }
}
