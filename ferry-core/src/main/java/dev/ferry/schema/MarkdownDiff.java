package dev.ferry.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A schema diff as Markdown, to paste into a pull request: a count, then one table per kind of
 * object (tables first, then what belongs to them, then the rest), each change with its
 * definition. Long definitions are shortened; the JSON output keeps them whole.
 */
public final class MarkdownDiff {
    private static final List<String> KINDS = List.of("table", "column", "constraint", "index", "view", "materialized view", "sequence",
            "enum", "domain", "composite type", "function", "procedure", "trigger", "policy", "extension");
    private static final int LONGEST = 160;

    private MarkdownDiff() {
    }

    public static String render(List<SchemaChange> changes, String from, String to) {
        StringBuilder sb = new StringBuilder("### Schema changes from " + code(from) + " to " + code(to) + "\n\n");
        if (changes.isEmpty()) {
            return sb.append("No difference.\n").toString();
        }
        List<String> parts = new ArrayList<>();
        for (SchemaChange.Change change : SchemaChange.Change.values()) {
            long n = changes.stream().filter(c -> c.change() == change).count();
            if (n > 0) {
                parts.add(n + " " + change.name().toLowerCase(Locale.ROOT));
            }
        }
        sb.append(changes.size()).append(" difference(s): ").append(String.join(", ", parts)).append(".\n");
        Map<String, List<SchemaChange>> byKind = new LinkedHashMap<>();
        KINDS.forEach(k -> byKind.put(k, new ArrayList<>()));
        changes.forEach(c -> byKind.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c));
        byKind.forEach((kind, list) -> {
            if (list.isEmpty()) {
                return;
            }
            sb.append("\n#### ").append(plural(kind)).append("\n\n| change | name | definition |\n| --- | --- | --- |\n");
            for (SchemaChange c : list) {
                String definition = switch (c.change()) {
                    case ADDED -> code(c.after());
                    case REMOVED -> code(c.before());
                    case CHANGED -> code(c.before()) + " → " + code(c.after());
                };
                sb.append("| ").append(c.change().name().toLowerCase(Locale.ROOT)).append(" | ").append(code(c.schema() + "." + c.name()))
                        .append(" | ").append(definition).append(" |\n");
            }
        });
        return sb.toString();
    }

    private static String plural(String kind) {
        String s = kind.endsWith("y") ? kind.substring(0, kind.length() - 1) + "ies" : kind.endsWith("x") ? kind + "es" : kind + "s";
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Inline code that survives a table cell: one line, pipes escaped, backticks fenced by more backticks. */
    private static String code(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String s = text.strip().replaceAll("\\s+", " ").replace("|", "\\|");
        if (s.length() > LONGEST) {
            s = s.substring(0, LONGEST) + "…";
        }
        return s.contains("`") ? "`` " + s + " ``" : "`" + s + "`";
    }
}
