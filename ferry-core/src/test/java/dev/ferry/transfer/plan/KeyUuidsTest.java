package dev.ferry.transfer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyUuidsTest {

    @Test
    void theTextWriterWritesWhatTheUuidPrints() {
        KeyUuids.TextWriter patients = new KeyUuids.TextWriter("patients");
        KeyUuids.TextWriter accents = new KeyUuids.TextWriter("clínicas");
        byte[] out = new byte[KeyUuids.TEXT_LENGTH];
        for (String key : new String[] {"0", "1", "42", "-7", "9223372036854775807", "ü-key", ""}) {
            patients.write(key, out);
            assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo(KeyUuids.of("patients", key).toString());
            accents.write(key, out);
            assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo(KeyUuids.of("clínicas", key).toString());
        }
    }

    @Test
    void aLongNameSpanningSeveralDigestBlocksGivesTheSameKey() {
        String entity = "an_entity_with_a_name_long_enough_to_need_a_second_sha1_block";
        byte[] out = new byte[KeyUuids.TEXT_LENGTH];
        new KeyUuids.TextWriter(entity).write("123456789", out);
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo(KeyUuids.of(entity, "123456789").toString());
    }
}
