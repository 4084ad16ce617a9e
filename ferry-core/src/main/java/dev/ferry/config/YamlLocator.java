package dev.ferry.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Finds where a key path (e.g. {@code environments.development.urll}) is written in a YAML text.
 * Jackson reports some errors only after it has read a whole mapping, at its end; this walks
 * the tokens again to point at the key itself.
 */
final class YamlLocator {
    private YamlLocator() {
    }

    /** The location of the last element of {@code path}, or {@code null} if it is not found. */
    static JsonLocation locate(String yaml, List<String> path) {
        Found found = find(yaml, path);
        return found == null ? null : found.at();
    }

    /** What is written at {@code path}: its first token (a list, a map, a scalar) and a scalar's text; {@code null} if not found. */
    static Found valueAt(String yaml, List<String> path) {
        return find(yaml, path);
    }

    /** Where a key path is written, and the first token of its value. */
    record Found(JsonLocation at, JsonToken value, String text) {
    }

    private static Found find(String yaml, List<String> path) {
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            if (path.isEmpty()) {
                JsonToken first = p.nextToken();
                return first == null ? null : new Found(p.currentTokenLocation(), first, first.isScalarValue() ? p.getText() : null);
            }
            Deque<String> stack = new ArrayDeque<>();
            Deque<Integer> arrayIndex = new ArrayDeque<>();
            String pendingField = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> {
                        pendingField = p.currentName();
                        if (matches(stack, pendingField, path)) {
                            JsonLocation at = p.currentTokenLocation();
                            JsonToken value = p.nextToken();
                            return new Found(at, value, value != null && value.isScalarValue() ? p.getText() : null);
                        }
                    }
                    case START_OBJECT, START_ARRAY -> {
                        String key = keyFor(pendingField, arrayIndex);
                        if (key != null) {
                            stack.addLast(key);
                        }
                        arrayIndex.push(t == JsonToken.START_ARRAY ? 0 : -1);
                        pendingField = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        arrayIndex.pop();
                        if (!stack.isEmpty() && !arrayIndex.isEmpty()) {
                            stack.removeLast();
                        }
                        advanceArray(arrayIndex);
                    }
                    default -> {
                        String key = keyFor(pendingField, arrayIndex);
                        if (key != null && matches(stack, key, path)) {
                            return new Found(p.currentTokenLocation(), t, p.getText());
                        }
                        pendingField = null;
                        advanceArray(arrayIndex);
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String keyFor(String field, Deque<Integer> arrayIndex) {
        if (field != null) {
            return field;
        }
        if (!arrayIndex.isEmpty() && arrayIndex.peek() >= 0) {
            return "[" + arrayIndex.peek() + "]";
        }
        return null;
    }

    private static void advanceArray(Deque<Integer> arrayIndex) {
        if (!arrayIndex.isEmpty() && arrayIndex.peek() >= 0) {
            arrayIndex.push(arrayIndex.pop() + 1);
        }
    }

    private static boolean matches(Deque<String> stack, String last, List<String> path) {
        if (stack.size() + 1 != path.size()) {
            return false;
        }
        int i = 0;
        for (String s : stack) {
            if (!s.equals(path.get(i++))) {
                return false;
            }
        }
        return last.equals(path.get(i));
    }
}
