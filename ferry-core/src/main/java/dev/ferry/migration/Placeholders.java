package dev.ferry.migration;

import dev.ferry.FerryException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${name}} in scripts with configured values and the built-ins
 * {@code ${ferry:user}}, {@code ${ferry:env}}, {@code ${ferry:schema}} and {@code ${ferry:history_table}}.
 * An unknown name is an error naming file and line: silently leaving it in would run wrong SQL.
 */
final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.:-]+)}");

    private final Map<String, String> values;
    private final boolean enabled;

    public Placeholders(Map<String, String> configured, Map<String, String> builtIns, boolean enabled) {
        this.values = new HashMap<>(configured);
        builtIns.forEach((k, v) -> this.values.put("ferry:" + k, v));
        this.enabled = enabled;
    }

    Map<String, String> values() {
        return Map.copyOf(values);
    }

    /** @param firstLine the file line the text starts at, for error messages */
    public String apply(String sql, Path file, int firstLine) {
        if (!enabled || !sql.contains("${")) {
            return sql;
        }
        Matcher m = PLACEHOLDER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                int line = firstLine + (int) sql.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                throw FerryException.invalidInput(file.getFileName() + " line " + line + ": unknown placeholder ${" + m.group(1)
                        + "}; define it under 'placeholders:' in ferry.yaml, or set placeholder_replacement: false");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
