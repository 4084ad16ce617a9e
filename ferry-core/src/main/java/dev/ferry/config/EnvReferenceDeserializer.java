package dev.ferry.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:VAR}} inside every string of ferry.yaml while it is parsed, so that a
 * missing variable is reported with the line and column that referenced it. Other {@code ${...}}
 * texts are left alone: they are migration placeholders, resolved later.
 */
final class EnvReferenceDeserializer extends StdScalarDeserializer<String> {
    static final String ENV_ATTRIBUTE = "ferry.env";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    EnvReferenceDeserializer() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        JsonToken token = p.currentToken();
        if (token != JsonToken.VALUE_STRING && !token.isScalarValue()) {
            return (String) ctx.handleUnexpectedToken(String.class, p);
        }
        String raw = p.getValueAsString();
        if (raw == null || !raw.contains("${env:")) {
            return raw;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> env = (Map<String, String>) ctx.getAttribute(ENV_ATTRIBUTE);
        Matcher m = REFERENCE.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env == null ? null : env.get(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw JsonMappingException.from(p, "environment variable " + m.group(1)
                        + " is not set; export it, or write ${env:" + m.group(1) + ":-default}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
