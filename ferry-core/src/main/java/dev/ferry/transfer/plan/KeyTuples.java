package dev.ferry.transfer.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ferry.FerryException;

/**
 * The text of a key made of several columns: a JSON array of each value's text, in the key's
 * column order ({@code ["7","12"]}). JSON quotes and escapes every value, so no two tuples share a
 * text whatever their values contain, and a tuple reads back into its values. This text is the
 * legacy key in {@code ferry_id_map}, rejects, checkpoints and reports, and what a name-based UUID
 * over the tuple is made from ({@link KeyUuids#of}); it must never change.
 */
public final class KeyTuples {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyTuples() {
    }

    /** The tuple's text; a NULL value is JSON {@code null}. */
    public static String encode(String... values) {
        ArrayNode a = JSON.createArrayNode();
        for (String v : values) {
            a.add(v);
        }
        try {
            return JSON.writeValueAsString(a);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an array of strings is always JSON", e);
        }
    }

    /**
     * The key held in the columns at {@code indexes} of a row: the one value's text, or the tuple
     * of several; {@code null} when any of them is NULL.
     */
    public static String of(String[] row, int[] indexes) {
        if (indexes.length == 1) {
            return row[indexes[0]];
        }
        String[] values = new String[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            values[i] = row[indexes[i]];
            if (values[i] == null) {
                return null;
            }
        }
        return encode(values);
    }

    /** The values of a tuple's text, as {@link #encode} wrote them. */
    public static String[] decode(String text) {
        JsonNode a;
        try {
            a = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            a = null;
        }
        if (a == null || !a.isArray()) {
            throw FerryException.invalidInput("'" + text + "' is not the text of a key of several columns (a JSON array such as [\"7\",\"12\"])");
        }
        String[] out = new String[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).isNull() ? null : a.get(i).asText();
        }
        return out;
    }
}
