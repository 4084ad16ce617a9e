package dev.ferry.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:VAR}} inside every string of ferry.yaml while it is parsed, so that a
 * missing variable is reported with the line and column that referenced it (inside an environment,
 * only once that environment is used: see {@link UnsetVariables}). Other {@code ${...}}
 * texts are left alone: they are migration placeholders, resolved later.
 */
final class EnvReferenceDeserializer extends StdScalarDeserializer<String> {
    static final String ENV_ATTRIBUTE = "ferry.env";
    static final String UNSET_ATTRIBUTE = "ferry.env.unset";
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
                UnsetVariables unset = (UnsetVariables) ctx.getAttribute(UNSET_ATTRIBUTE);
                List<String> path = pathOf(p.getParsingContext());
                if (unset != null && unset.defers(path)) {
                    unset.add(path, m.group(1));
                    return raw;
                }
                throw JsonMappingException.from(p, notSet(m.group(1)));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String notSet(String variable) {
        return "environment variable " + variable + " is not set; export it, or write ${env:" + variable + ":-default}";
    }

    /** The key path of the value being read, e.g. [environments, staging, password], as {@link YamlLocator} takes it. */
    private static List<String> pathOf(JsonStreamContext context) {
        List<String> path = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            path.add(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName());
        }
        return path;
    }
}
