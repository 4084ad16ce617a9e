package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.db.CanonicalForm;
import dev.ferry.db.ColumnInfo;
import org.junit.jupiter.api.Test;

/** Values of one type compare equal however a database or a plan spells them. */
class ValueComparatorTest {
    private static final ColumnInfo BYTEA = new ColumnInfo("payload", "bytea", null, null, null, true, false);
    private static final ColumnInfo BLOB = new ColumnInfo("payload", "longblob", null, null, null, true, false);
    private static final ColumnInfo TEXT_ARRAY = new ColumnInfo("tags", "ARRAY", null, null, null, true, false);
    private static final ColumnInfo CHAR5 = new ColumnInfo("code", "character", 5L, null, null, true, false);
    private static final ColumnInfo JSON = new ColumnInfo("doc", "json", null, null, null, true, false);
    private static final ColumnInfo JSONB = new ColumnInfo("doc", "jsonb", null, null, null, true, false);
    private static final ColumnInfo UUID = new ColumnInfo("ref", "uuid", null, null, null, true, false);
    private static final ColumnInfo PG_BITS = new ColumnInfo("flags", "bit", 5L, null, null, true, false);
    private static final ColumnInfo MARIADB_BITS = new ColumnInfo("flags", "bit", null, 5, null, true, false);
    private static final ColumnInfo INTERVAL = new ColumnInfo("gap", "interval", null, null, null, true, false);

    @Test
    void binaryValuesCompareAsBytesWhateverTheHexLetterCase() {
        assertThat(ValueComparator.same(BYTEA, "\\x89504E47", "\\x89504e47")).isTrue();
        assertThat(ValueComparator.same(BLOB, "\\x89504E47", "\\x89504e47")).isTrue();
        assertThat(ValueComparator.same(BYTEA, "\\x89504e47", "\\x89504e48")).isFalse();
        assertThat(ValueComparator.same(BYTEA, "abc", "\\x616263")).as("text loaded into bytea is its UTF-8 bytes").isTrue();
        assertThat(CanonicalForm.BINARY.render(BYTEA, "\\x89504E47")).isEqualTo("\\x89504e47");
    }

    @Test
    void arraysCompareAsTheDatabaseReadsTheirLiterals() {
        assertThat(ValueComparator.same(TEXT_ARRAY, "{Deleted Scenes,Behind the Scenes}", "{\"Deleted Scenes\",\"Behind the Scenes\"}")).isTrue();
        assertThat(ValueComparator.same(TEXT_ARRAY, "{ a , b }", "{a,b}")).isTrue();
        assertThat(ValueComparator.same(TEXT_ARRAY, "{{1,2},{3,NULL}}", "{{1,2},{3,NULL}}")).isTrue();
        assertThat(ValueComparator.same(TEXT_ARRAY, "{NULL}", "{\"NULL\"}")).as("the null element is not the text NULL").isFalse();
        assertThat(ValueComparator.same(TEXT_ARRAY, "{a,b}", "{b,a}")).isFalse();
        assertThat(CanonicalForm.ARRAY.render(TEXT_ARRAY, "{\"a\\\\b\",\"say \\\"hi\\\"\",\"\",plain}"))
                .isEqualTo("{\"a\\\\b\",\"say \\\"hi\\\"\",\"\",plain}");
        assertThat(CanonicalForm.ARRAY.render(TEXT_ARRAY, "{Deleted Scenes}")).isEqualTo("{\"Deleted Scenes\"}");
    }

    @Test
    void fixedWidthCharactersCompareWithoutTheirPadding() {
        assertThat(ValueComparator.same(CHAR5, "ab", "ab   ")).isTrue();
        assertThat(ValueComparator.same(CHAR5, "ab", "abc  ")).isFalse();
        assertThat(CanonicalForm.TRIMMED.render(CHAR5, "ab   ")).isEqualTo("ab");
    }

    @Test
    void jsonbIgnoresKeyOrderAndKeepsTheLastDuplicateWhileJsonIsItsText() {
        assertThat(ValueComparator.same(JSONB, "{\"b\": 1, \"a\": 2}", "{\"a\":2,\"b\":1}")).isTrue();
        assertThat(ValueComparator.same(JSONB, "{\"a\": 1, \"a\": 2}", "{\"a\": 2}")).as("jsonb keeps the last duplicate").isTrue();
        assertThat(ValueComparator.same(JSONB, "{\"a\": [1, 2.50]}", "{\"a\": [1, 2.5]}")).as("jsonb keeps a number's scale").isFalse();
        assertThat(ValueComparator.same(JSONB, "{\"a\": [1, 2]}", "{\"a\": [2, 1]}")).isFalse();
        assertThat(ValueComparator.same(JSON, "{\"b\": 1, \"a\": 2}", "{\"b\": 1, \"a\": 2}")).isTrue();
        assertThat(ValueComparator.same(JSON, "{\"b\": 1, \"a\": 2}", "{\"a\": 2, \"b\": 1}")).as("json keeps its text as written").isFalse();
    }

    @Test
    void uuidsCompareWhateverTheLetterCaseOrWhetherTheyCameAsSixteenBytes() {
        String text = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
        assertThat(ValueComparator.same(UUID, text.toUpperCase(java.util.Locale.ROOT), text)).isTrue();
        assertThat(ValueComparator.same(UUID, "\\xF47AC10B58CC4372A5670E02B2C3D479", text)).isTrue();
        assertThat(ValueComparator.same(UUID, "\\xf47ac10b58cc4372a5670e02b2c3d470", text)).isFalse();
        assertThat(CanonicalForm.LOWER.render(UUID, "\\xf47ac10b58cc4372a5670e02b2c3d479")).isEqualTo(text);
    }

    @Test
    void bitStringsCompareDigitByDigitAndIntervalsWithoutTrailingZeros() {
        assertThat(ValueComparator.same(PG_BITS, "00110", "00110")).isTrue();
        assertThat(ValueComparator.same(MARIADB_BITS, "00110", "01100")).isFalse();
        assertThat(MARIADB_BITS.isBitString() && MARIADB_BITS.bitWidth() == 5 && PG_BITS.bitWidth() == 5).isTrue();
        assertThat(ValueComparator.same(INTERVAL, "-838:59:59.000", "-838:59:59")).isTrue();
        assertThat(ValueComparator.same(INTERVAL, "12:30:00.125", "12:30:00.12")).isFalse();
    }
}
