package dev.ferry.transfer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.ferry.run.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a typed {@link TransferEvent} into the name and fields its JSON line carries, so the
 * events file and the run log write every kind the same way without a hand-written map per kind.
 */
final class EventFields {
    private static final ObjectMapper SNAKE_CASE = Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() { };

    private EventFields() {
    }

    static String name(TransferEvent e) {
        return e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    static Map<String, Object> of(TransferEvent e) {
        Map<String, Object> fields = SNAKE_CASE.convertValue(e, FIELDS);
        fields.remove("time");
        fields.remove("run");
        fields.remove("entity");
        return fields;
    }
}
