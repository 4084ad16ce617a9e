package dev.ferry.verify;

import dev.ferry.FerryException;
import dev.ferry.config.YamlDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** Reads business rules from the {@code *.yaml} files of a rules folder, in file-name order. */
final class Rules {
    private Rules() {
    }

    public static List<Rule> load(Path dir, Map<String, String> env) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw FerryException.failure("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        List<Rule> rules = new ArrayList<>();
        for (Path f : files) {
            YamlDocument doc = YamlDocument.read(f);
            RuleFile parsed = doc.bind(RuleFile.class, env);
            if (parsed.rules() == null) {
                continue;
            }
            for (int i = 0; i < parsed.rules().size(); i++) {
                RuleFile.Entry e = parsed.rules().get(i);
                String where = doc.where(List.of("rules", "[" + i + "]"));
                if (e.name() == null || e.sql() == null) {
                    throw FerryException.invalidInput(where + ": a rule needs 'name' and 'sql' (a query returning the offending rows)");
                }
                Severity severity;
                try {
                    severity = e.severity() == null ? Severity.ERROR : Severity.valueOf(e.severity().strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException x) {
                    throw FerryException.invalidInput(where + ": severity '" + e.severity() + "' is not error or warning");
                }
                rules.add(new Rule(e.name(), severity, e.sql().strip().replaceAll(";\\s*$", ""), e.description(), where));
            }
        }
        return rules;
    }
}
