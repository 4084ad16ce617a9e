package dev.ferry.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void partsCompareNumericallyNotAsText() {
        List<String> sorted = Stream.of("1.10", "1.9", "2_5_3", "1", "4_99_1561608282", "1.2")
                .map(Version::parse).sorted().map(Version::toString).toList();
        assertThat(sorted).containsExactly("1", "1.2", "1.9", "1.10", "2.5.3", "4.99.1561608282");
    }

    @Test
    void trailingZerosNameTheSameVersion() {
        assertThat(Version.parse("1")).isEqualTo(Version.parse("1.0")).hasSameHashCodeAs(Version.parse("1.0"));
    }

    @Test
    void rejectsTextThatIsNotAVersion() {
        assertThatThrownBy(() -> Version.parse("1.a")).isInstanceOf(FerryException.class).hasMessageContaining("not a version");
    }

    @Test
    void leadingZerosAndSeparatorsDoNotMakeADifferentVersion() {
        assertThat(Version.parse("1.01")).isEqualTo(Version.parse("1.1")).hasSameHashCodeAs(Version.parse("1.1"));
        assertThat(Version.parse("002_5")).isEqualTo(Version.parse("2.5"));
        assertThat(Version.parse("1.0.0")).isEqualTo(Version.parse("1")).hasSameHashCodeAs(Version.parse("1"));
    }

    @Test
    void aMissingPartSortsBeforeAnyNonZeroPart() {
        List<String> sorted = Stream.of("1.0.1", "1.1", "1", "0.9.9", "1.0.0.1")
                .map(Version::parse).sorted().map(Version::toString).toList();
        assertThat(sorted).containsExactly("0.9.9", "1", "1.0.0.1", "1.0.1", "1.1");
    }

    @Test
    void timestampVersionsBeyondTheRangeOfALongStillCompare() {
        assertThat(Version.parse("99999999999999999999")).isGreaterThan(Version.parse("20240101120000"))
                .isLessThan(Version.parse("100000000000000000000"));
        assertThat(Version.parse("99999999999999999999").major()).hasToString("99999999999999999999");
    }

    @Test
    void emptyPartsAndSignsAreNotVersions() {
        for (String bad : List.of("", "1..2", ".1", "1.", "1__2", "-1", "+1", "1.-2", "1 2", "v1")) {
            assertThat(Version.isVersion(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> Version.parse(bad)).as(bad).isInstanceOf(FerryException.class).hasMessageContaining("not a version");
        }
        assertThat(List.of("0", "1", "1.2", "2_5_3", "1_2.3")).allMatch(Version::isVersion);
    }
}
