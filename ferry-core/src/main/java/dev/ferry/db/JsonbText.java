package dev.ferry.db;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a JSON document the way PostgreSQL prints a jsonb value: object keys ordered by their
 * length in bytes and then bytewise (the last of duplicate keys kept), {@code ", "} and
 * {@code ": "} as separators, numbers as PostgreSQL's numeric prints them. This lets a document
 * computed in Java hash like the one stored in a jsonb column. It streams tokens instead of
 * building a tree, since it runs once per row. Text that is not JSON is returned unchanged.
 */
final class JsonbText {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonbText() {
    }

    static String render(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return json;
            }
            StringBuilder sb = new StringBuilder(json.length() + 16);
            value(p, t, sb);
            return p.nextToken() == null ? sb.toString() : json;
        } catch (IOException | NumberFormatException e) {
            return json;
        }
    }

    private static void value(JsonParser p, JsonToken t, StringBuilder sb) throws IOException {
        switch (t) {
            case START_OBJECT -> object(p, sb);
            case START_ARRAY -> {
                sb.append('[');
                boolean first = true;
                for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                    if (!first) {
                        sb.append(", ");
                    }
                    first = false;
                    value(p, n, sb);
                }
                sb.append(']');
            }
            case VALUE_STRING -> string(p.getText(), sb);
            case VALUE_NUMBER_INT -> sb.append(new BigDecimal(p.getText()).toPlainString());
            case VALUE_NUMBER_FLOAT -> sb.append(new BigDecimal(p.getText()).toPlainString());
            default -> sb.append(p.getText());
        }
    }

    private static void object(JsonParser p, StringBuilder sb) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
            String key = p.currentName();
            StringBuilder v = new StringBuilder();
            value(p, p.nextToken(), v);
            fields.remove(key);
            fields.put(key, v.toString());
        }
        List<String> keys = new ArrayList<>(fields.keySet());
        if (keys.size() > 1) {
            keys.sort(JsonbText::compareKeys);
        }
        sb.append('{');
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            string(keys.get(i), sb);
            sb.append(": ").append(fields.get(keys.get(i)));
        }
        sb.append('}');
    }

    private static int compareKeys(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return x.length != y.length ? Integer.compare(x.length, y.length) : Arrays.compareUnsigned(x, y);
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        sb.append('"');
    }
}
