package dev.ferry.rekey;

import dev.ferry.FerryException;
import dev.ferry.config.Durations;
import dev.ferry.config.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a rekey plan ({@code rekey:} in its own file, like a transfer plan) and checks what can be
 * checked without a database; each error names the file and line.
 */
public final class RekeyPlanLoader {
    private final Map<String, String> env;

    public RekeyPlanLoader(Map<String, String> env) {
        this.env = env;
    }

    public RekeyPlan load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw FerryException.invalidInput("Rekey plan " + file + " does not exist; pass it with -p (default: rekey.yaml beside ferry.yaml)");
        }
        YamlDocument doc = YamlDocument.read(file);
        RekeyPlanFile raw = doc.bind(RekeyPlanFile.class, env);
        String name = file.getFileName().toString();
        if (raw == null || raw.rekey() == null || raw.rekey().tables() == null || raw.rekey().tables().isEmpty()) {
            throw FerryException.invalidInput(name + ": a rekey plan needs 'rekey:' with 'tables:', e.g. rekey: {tables: {orders: {key: id}}}");
        }
        RekeyPlanFile.Section s = raw.rekey();
        List<RekeyTable> tables = new ArrayList<>();
        for (Map.Entry<String, RekeyPlanFile.TableSpec> e : s.tables().entrySet()) {
            RekeyPlanFile.TableSpec spec = e.getValue() == null ? new RekeyPlanFile.TableSpec(null, null) : e.getValue();
            tables.add(new RekeyTable(e.getKey(), spec.key() == null ? "id" : spec.key(), spec.entity() == null ? e.getKey() : spec.entity()));
        }
        List<RekeyReference> references = new ArrayList<>();
        if (s.references() != null) {
            for (Map.Entry<String, String> e : s.references().entrySet()) {
                int dot = e.getKey().indexOf('.');
                String where = doc.where(List.of("rekey", "references", e.getKey()));
                if (dot <= 0 || dot == e.getKey().length() - 1) {
                    throw FerryException.invalidInput(where + ": a reference is written 'table.column: parent_table', not '" + e.getKey() + "'");
                }
                String parent = e.getValue();
                if (tables.stream().noneMatch(t -> t.table().equals(parent))) {
                    throw FerryException.invalidInput(where + ": '" + parent + "' is not a table of the plan; add it under rekey.tables");
                }
                references.add(new RekeyReference(e.getKey().substring(0, dot), e.getKey().substring(dot + 1), parent));
            }
        }
        int batch = positive(s.batch(), 5000, doc.where(List.of("rekey", "batch")), "batch");
        int rate = s.rate() == null ? 0 : s.rate();
        if (rate < 0) {
            throw FerryException.invalidInput(doc.where(List.of("rekey", "rate")) + ": rate is rows per second, 0 for no limit; not " + rate);
        }
        int retries = s.retries() == null ? 5 : s.retries();
        BeforeExpand before = BeforeExpand.of(s.beforeExpand() == null ? BeforeExpand.SNAPSHOT.word() : s.beforeExpand());
        if (before == null) {
            throw FerryException.invalidInput(doc.where(List.of("rekey", "before_expand")) + ": before_expand is snapshot, backup or none, not '"
                    + s.beforeExpand() + "'");
        }
        return new RekeyPlan(file.toAbsolutePath(), List.copyOf(tables), List.copyOf(references), batch, rate,
                Durations.parse(s.lockTimeout() == null ? "2s" : s.lockTimeout(), "lock_timeout"), Math.max(0, retries), before);
    }

    private static int positive(Integer value, int fallback, String where, String what) {
        if (value == null) {
            return fallback;
        }
        if (value <= 0) {
            throw FerryException.invalidInput(where + ": " + what + " must be a positive number, not " + value);
        }
        return value;
    }
}
