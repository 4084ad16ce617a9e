package dev.ferry.run.html;

import java.util.List;

/**
 * Builds a page's markup as well-formed XHTML-compatible text. Every piece of text and every
 * attribute value goes through {@link #escape}, so a table name, an error message or a rejected
 * value can never open a tag or a script.
 */
final class Html {
    private final StringBuilder out = new StringBuilder();

    static String escape(Object value) {
        String s = String.valueOf(value);
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    // Control characters are not allowed in XML 1.0; a rejected row may carry them.
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        sb.append('?');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Appends markup made here or by {@link Svg}: never user text. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    Html text(Object value) {
        out.append(escape(value));
        return this;
    }

    /** An element holding escaped text, such as {@code <h2>}; {@code cssClass} may be null. */
    Html element(String tag, String cssClass, Object text) {
        out.append('<').append(tag);
        if (cssClass != null) {
            out.append(" class=\"").append(escape(cssClass)).append('"');
        }
        return raw(">").text(text).raw("</" + tag + ">\n");
    }

    Html heading(String text) {
        return element("h2", null, text);
    }

    Html paragraph(String text) {
        return element("p", null, text);
    }

    /** A table whose cells are escaped text; a cell holding a {@link Markup} goes in as it is. */
    Html table(List<String> headers, List<List<Object>> rows) {
        out.append("<table>\n<thead><tr>");
        headers.forEach(h -> element("th", null, h));
        out.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : rows) {
            out.append("<tr>");
            for (Object cell : row) {
                if (cell instanceof Markup m) {
                    out.append("<td>").append(m.html()).append("</td>");
                } else {
                    element("td", cell instanceof Number ? "num" : null, cell == null ? "" : cell);
                }
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
        return this;
    }

    /** Label and value pairs, for the facts at the top of a report. */
    Html facts(List<String[]> pairs) {
        out.append("<dl>\n");
        for (String[] p : pairs) {
            element("dt", null, p[0]);
            element("dd", null, p[1] == null ? "" : p[1]);
        }
        out.append("</dl>\n");
        return this;
    }

    /** Markup already escaped, for a table cell that holds a badge or a list. */
    record Markup(String html) {
        static Markup status(String status) {
            String css = switch (status.toLowerCase(java.util.Locale.ROOT)) {
                case "passed", "ok", "done", "finished", "clean", "applied" -> "good";
                case "failed", "problem", "error" -> "bad";
                default -> "warn";
            };
            return new Markup("<span class=\"badge " + css + "\">" + escape(status) + "</span>");
        }

        static Markup lines(List<String> lines) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                sb.append(i > 0 ? "<br/>" : "").append("<code>").append(escape(lines.get(i))).append("</code>");
            }
            return new Markup(sb.toString());
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
