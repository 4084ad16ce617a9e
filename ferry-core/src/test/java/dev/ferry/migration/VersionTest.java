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
}
