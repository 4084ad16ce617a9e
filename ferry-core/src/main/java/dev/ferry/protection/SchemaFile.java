package dev.ferry.protection;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.util.Comparator;
import java.util.List;

/** A JSON Schema read from a file of the project, ready to validate documents. */
record SchemaFile(String file, JsonNode document, JsonSchema schema) {

    /** What is wrong with {@code value}, one message per violation; empty when it is valid. */
    public List<String> problems(JsonNode value) {
        return schema.validate(value).stream()
                .sorted(Comparator.comparing(ValidationMessage::getMessage))
                .map(ValidationMessage::getMessage)
                .toList();
    }
}
