package dev.ferry.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyTextHashTest {
    private static final byte[] ROWS = "1\tone\t\\N\n2\ttab\\there\t12.50\n3\tünïcødé ✓ and a line longer than twelve bytes\tt\n"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void theSumIsEachLinesHashtextextendedWithTheSeed() {
        CopyTextHash hash = hashOf(ROWS, 7L);
        long expected = 0;
        for (String line : new String(ROWS, StandardCharsets.UTF_8).split("\n")) {
            byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
            expected += PostgresTextHash.hash(utf8, utf8.length, 7L);
        }
        assertThat(hash.rows()).isEqualTo(3);
        assertThat(hash.sum()).isEqualTo(expected);
    }

    @Test
    void linesCutAcrossWritesAtAnyPointHashAsWhole() {
        CopyTextHash whole = hashOf(ROWS, 7L);
        for (int cut = 0; cut <= ROWS.length; cut++) {
            CopyTextHash parts = new CopyTextHash(7L);
            parts.update(ROWS, 0, cut);
            parts.update(ROWS, cut, ROWS.length - cut);
            assertThat(parts.sum()).as("cut at %d", cut).isEqualTo(whole.sum());
            assertThat(parts.rows()).isEqualTo(3);
        }
    }

    @Test
    void theOrderOfRowsDoesNotMatterButEveryByteAndTheSeedDo() {
        byte[] reordered = "3\tünïcødé ✓ and a line longer than twelve bytes\tt\n1\tone\t\\N\n2\ttab\\there\t12.50\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] changed = new String(ROWS, StandardCharsets.UTF_8).replace("12.50", "13").getBytes(StandardCharsets.UTF_8);
        assertThat(hashOf(reordered, 7L).sum()).isEqualTo(hashOf(ROWS, 7L).sum());
        assertThat(hashOf(changed, 7L).sum()).isNotEqualTo(hashOf(ROWS, 7L).sum());
        assertThat(hashOf(ROWS, 8L).sum()).isNotEqualTo(hashOf(ROWS, 7L).sum());
    }

    @Test
    void theFirstNewlineIsFoundAtEveryPositionOfAWordAndBesideBytesThatLookLikeOne() {
        for (int at = 0; at < 20; at++) {
            byte[] b = new byte[20];
            java.util.Arrays.fill(b, (byte) 0x0B); // one above a newline: the word trick must not take it for one
            b[at] = '\n';
            assertThat(CopyTextHash.newline(b, 0, b.length)).as("newline at %d", at).isEqualTo(at);
            assertThat(CopyTextHash.newline(b, 0, at)).as("before it").isEqualTo(-1);
            if (at < 19) {
                b[at + 1] = '\n';
                assertThat(CopyTextHash.newline(b, 0, b.length)).as("two from %d", at).isEqualTo(at);
            }
        }
        assertThat(CopyTextHash.newline(new byte[] {(byte) 0x8A, 0x0A}, 0, 2)).isEqualTo(1);
    }

    private static CopyTextHash hashOf(byte[] rows, long seed) {
        CopyTextHash hash = new CopyTextHash(seed);
        hash.update(rows, 0, rows.length);
        return hash;
    }
}
