package dev.ferry.transfer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyUuidsTest {

    @Test
    void keysAreTheStandardVersion5UuidsOfEntityColonKeyInFerrysNamespace() {
        // Fixed forever: computed independently (RFC 4122 name-based, SHA-1), and written by every transfer so far.
        assertThat(KeyUuids.of("patients", "42")).hasToString("1d2db28a-68d6-5070-b3c0-51a88c8f221c");
        assertThat(KeyUuids.of("orders", "9223372036854775807")).hasToString("318bf3e1-26d2-5409-907d-f2a4b84f0580");
        assertThat(KeyUuids.of("clínicas", "ü-key")).hasToString("d556da5c-65d7-5d57-8287-8e0e6c4bed1d");
        assertThat(KeyUuids.of("patients", "42")).as("the same again after other entities").hasToString("1d2db28a-68d6-5070-b3c0-51a88c8f221c");
    }

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
