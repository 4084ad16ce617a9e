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
}
