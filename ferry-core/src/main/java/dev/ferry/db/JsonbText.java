package dev.ferry.db;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a JSON document the way PostgreSQL prints a jsonb value: object keys ordered by their
 * length in bytes and then bytewise (the last of duplicate keys kept), {@code ", "} and
 * {@code ": "} as separators, numbers as PostgreSQL's numeric prints them. This lets a document
 * computed in Java hash like the one stored in a jsonb column. It streams tokens instead of
 * building a tree, since it runs once per row. Text that is not JSON is returned unchanged.
 */
public final class JsonbText {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonbText() {
    }

    public static String render(String json) {
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
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> sb.append(number(p.getText()));
            default -> sb.append(p.getText());
        }
    }

    /** PostgreSQL's numeric text of a JSON number: exponents expanded, no negative zero. */
    private static String number(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == 'e' || ch == 'E') {
                return new BigDecimal(text).toPlainString();
            }
        }
        if (text.charAt(0) == '-') {
            for (int i = 1; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (ch != '0' && ch != '.') {
                    return text;
                }
            }
            return text.substring(1);
        }
        return text;
    }

    private static void object(JsonParser p, StringBuilder sb) throws IOException {
        List<String> keys = new ArrayList<>(8);
        List<String> values = new ArrayList<>(8);
        StringBuilder v = new StringBuilder();
        for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
            String key = p.currentName();
            v.setLength(0);
            value(p, p.nextToken(), v);
            int earlier = keys.indexOf(key);
            if (earlier >= 0) { // the last of duplicate keys wins, as in jsonb
                keys.remove(earlier);
                values.remove(earlier);
            }
            keys.add(key);
            values.add(v.toString());
        }
        Integer[] order = new Integer[keys.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (order.length > 1) {
            Arrays.sort(order, (a, b) -> compareKeys(keys.get(a), keys.get(b)));
        }
        sb.append('{');
        for (int i = 0; i < order.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            string(keys.get(order[i]), sb);
            sb.append(": ").append(values.get(order[i]));
        }
        sb.append('}');
    }

    private static int compareKeys(String a, String b) {
        if (isAscii(a) && isAscii(b)) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return x.length != y.length ? Integer.compare(x.length, y.length) : Arrays.compareUnsigned(x, y);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
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
