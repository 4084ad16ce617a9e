package dev.ferry.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WordScanTest {

    @Test
    void countsEveryOccurrenceOfTheByteEvenWhereNeighboursWouldBorrowOrCarry() {
        Random random = new Random(42);
        // Bytes around the newline (0x09, 0x0B), with the high bit (0x8A, 0xFF) and zero, in every alignment.
        byte[] alphabet = {'\n', '\n', 0x09, 0x0B, (byte) 0x8A, (byte) 0xFF, 0, 'a', '\\'};
        for (int round = 0; round < 2_000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length);
            int to = from + random.nextInt(b.length - from + 1);
            assertThat(WordScan.count(b, from, to, (byte) '\n')).as("round %d", round).isEqualTo(byteByByte(b, from, to, (byte) '\n'));
        }
    }

    @Test
    void countsAByteWithItsHighBitSetAsExactlyAsAnAsciiOne() {
        byte[] b = {(byte) 0xFF, (byte) 0xFE, (byte) 0xFF, 0x7F, (byte) 0xFF, 0, 1, (byte) 0xFF, (byte) 0xFF};
        assertThat(WordScan.count(b, 0, b.length, (byte) 0xFF)).isEqualTo(5);
        assertThat(WordScan.count(b, 0, b.length, (byte) 0)).isEqualTo(1);
    }

    @Test
    void countsTheLinesOfCopyTextAsTheRestoreCountsThem() {
        byte[] text = "1\tA\\nB\n2\t\\N\n3\tx\ty\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(CopyTextHash.newlines(text, 0, text.length)).isEqualTo(3);
        CopyTextHash hash = new CopyTextHash(7);
        hash.update(text, 0, text.length);
        assertThat(hash.rows()).isEqualTo(3);
    }

    private static long byteByByte(byte[] b, int from, int to, byte c) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n += b[i] == c ? 1 : 0;
        }
        return n;
    }
}
