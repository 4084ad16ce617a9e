package dev.ferry.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LengthPrefixedFieldsTest {

    @Test
    void chosenFieldsBecomeLengthColonValueAndNullStaysNull() {
        boolean[] text = {false, true, true, true, true, false};
        assertThat(rewrite(text, "1\\\\x\tab\\tc\t\\N\t\tü\\\\\t\\N")).isEqualTo("1\\\\x\t4:ab\tc\t\\N\t0:\t3:ü\\\t\\N");
    }

    @Test
    void aTabOrBackslashIsFoundAtAnyOffsetInALongField() {
        boolean[] text = {true, true};
        for (int n = 0; n <= 24; n++) {
            String before = "x".repeat(n);
            String after = "y".repeat(24 - n);
            assertThat(rewrite(text, before + "\\t" + after + "\t" + before + "\\\\"))
                    .as("at offset %d", n).isEqualTo("25:" + before + "\t" + after + "\t" + (n + 1) + ":" + before + "\\");
        }
    }

    @Test
    void aQuotedTabStaysInItsFieldAndFieldsAfterTheLastChosenOneAreCopied() {
        assertThat(rewrite(new boolean[] {true, false}, "a\\\tb\tc\\\\d\te")).isEqualTo("3:a\tb\tc\\\\d\te");
    }

    private static String rewrite(boolean[] prefixed, String line) {
        byte[] bytes = ("#" + line).getBytes(StandardCharsets.UTF_8);
        LengthPrefixedFields fields = new LengthPrefixedFields(prefixed);
        fields.rewrite(bytes, 1, bytes.length - 1);
        return new String(fields.bytes(), 0, fields.length(), StandardCharsets.UTF_8);
    }
}
