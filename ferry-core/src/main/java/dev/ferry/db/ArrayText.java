package dev.ferry.db;

/**
 * PostgreSQL's array literal in the one spelling the database prints it: {@code {a,"b c",NULL}}.
 * The database accepts many spellings of one array ({@code {Deleted Scenes}} and
 * {@code {"Deleted Scenes"}} load as the same value); comparing the printed spelling makes them
 * equal, as the database itself would.
 */
public final class ArrayText {
    private final String text;
    private int pos;

    private ArrayText(String text) {
        this.text = text;
    }

    /** The spelling PostgreSQL prints for the array {@code value}; the value itself when it is not an array literal Ferry reads. */
    public static String canonical(String value) {
        if (value == null || !value.startsWith("{")) {
            return value;
        }
        ArrayText parser = new ArrayText(value);
        StringBuilder out = new StringBuilder(value.length() + 8);
        if (!parser.array(out)) {
            return value;
        }
        parser.blanks();
        return parser.pos == value.length() ? out.toString() : value;
    }

    /** Reads one {@code {...}} at {@code pos} into {@code out}; false when it is not well formed. */
    private boolean array(StringBuilder out) {
        pos++; // '{'
        out.append('{');
        blanks();
        if (peek() == '}') {
            pos++;
            out.append('}');
            return true;
        }
        while (true) {
            blanks();
            if (peek() == '{') {
                if (!array(out)) {
                    return false;
                }
            } else if (!element(out)) {
                return false;
            }
            blanks();
            char c = peek();
            pos++;
            if (c == '}') {
                out.append('}');
                return true;
            }
            if (c != ',') {
                return false;
            }
            out.append(',');
        }
    }

    private boolean element(StringBuilder out) {
        StringBuilder value = new StringBuilder();
        if (peek() == '"') {
            pos++;
            while (pos < text.length() && text.charAt(pos) != '"') {
                if (text.charAt(pos) == '\\') {
                    pos++;
                }
                if (pos < text.length()) {
                    value.append(text.charAt(pos++));
                }
            }
            if (pos++ >= text.length()) {
                return false;
            }
            print(value.toString(), out);
            return true;
        }
        int trailing = 0; // unquoted blanks at the end are not part of the value, escaped ones are
        while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != '}') {
            char c = text.charAt(pos++);
            if (c == '"' || c == '{') {
                return false;
            }
            if (c == '\\' && pos < text.length()) {
                value.append(text.charAt(pos++));
                trailing = 0;
            } else {
                value.append(c);
                trailing = Character.isWhitespace(c) ? trailing + 1 : 0;
            }
        }
        String v = value.substring(0, value.length() - trailing);
        if (v.isEmpty()) {
            return false;
        }
        if (v.equalsIgnoreCase("NULL") && value.indexOf("\\") < 0) {
            out.append("NULL");
        } else {
            print(v, out);
        }
        return true;
    }

    /** One element as PostgreSQL prints it: quoted when empty, "NULL", or holding a delimiter, quote, backslash or blank. */
    private static void print(String v, StringBuilder out) {
        boolean quote = v.isEmpty() || v.equalsIgnoreCase("NULL");
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
                    || c == 0x0b || c == '\f';
        }
        if (!quote) {
            out.append(v);
            return;
        }
        out.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    private void blanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }
}
