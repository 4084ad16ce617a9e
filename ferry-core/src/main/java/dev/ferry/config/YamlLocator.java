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
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            Deque<String> stack = new ArrayDeque<>();
            Deque<Integer> arrayIndex = new ArrayDeque<>();
            String pendingField = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> {
                        pendingField = p.currentName();
                        if (matches(stack, pendingField, path)) {
                            return p.currentTokenLocation();
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
                            return p.currentTokenLocation();
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
