package dev.ferry.transfer;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Dialect;
import dev.ferry.transfer.plan.EntityJob;
import dev.ferry.transfer.plan.EntityMode;
import dev.ferry.transfer.plan.MissingParent;
import dev.ferry.transfer.plan.ReferencePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows of a batch whose parent is not in the target: the parent was rejected, filtered out by its
 * entity's {@code where}, or never was in the source. Written anyway, such a row is an orphan, and
 * rebuilding a deferred foreign key over it fails on every resume. Each reference's
 * {@code on_missing_parent} decides: reject the row (the default), write it with the reference
 * NULL, or fail the run. Parents always finish before their children start, so what the target
 * holds is final. A reference to the entity itself is not checked (its parent may come later).
 *
 * <p>Nor is a reference the source itself enforces with a foreign key to the parent's table, when
 * the parent entity selects every row of that table ({@code where} unset) and rejected none: then
 * every parent is in the target, and looking each one up again would cost a lookup per row.
 *
 * <p>A reference its entity writes NULL for a second pass is checked in that pass, whose parent is
 * loaded by then; a reject there leaves the row in the target with the column NULL.
 */
final class MissingParents {
    private record Check(ReferencePlan reference, int column, int index, EntityJob parent) {
    }

    private final EntityJob job;
    private final List<Check> checks = new ArrayList<>();
    private boolean trimmed;

    MissingParents(EntityJob job, Map<String, EntityJob> jobs) {
        this.job = job;
        List<ReferencePlan> references = job.plan().references();
        for (int i = 0; i < references.size(); i++) {
            ReferencePlan r = references.get(i);
            EntityJob parent = jobs.get(r.entity());
            if (r.entity().equals(job.name()) || parent == null || parent.plan().mode() != EntityMode.INSERT
                    || parent.plan().keyTarget() == null || job.deferredColumns().contains(r.target())) {
                continue;
            }
            checks.add(new Check(r, job.mapper().targetColumns().indexOf(r.target()), i, parent));
        }
    }

    /** Why a row is rejected, and the reference column that says so. */
    record Refusal(String reason, String column) {
    }

    /**
     * Applies each reference's policy to the {@code accepted} rows whose parent the target lacks:
     * NULLs the reference in place, or fails the run. Returns the rows to reject, with the reason.
     */
    Map<Integer, Refusal> apply(Connection target, Dialect d, TransferStore store, Batch batch, List<Integer> accepted)
            throws SQLException {
        if (!trimmed) {
            // Parents finish before their children start, so whether they rejected anything is settled now.
            List<Check> needed = new ArrayList<>();
            for (Check check : checks) {
                if (!guaranteed(check, target, store)) {
                    needed.add(check);
                }
            }
            checks.retainAll(needed);
            trimmed = true;
        }
        Map<Integer, Refusal> rejected = new LinkedHashMap<>();
        for (Check check : checks) {
            List<String> values = new ArrayList<>();
            for (int row : accepted) {
                if (!rejected.containsKey(row)) {
                    values.add(batch.rows().get(row)[check.column()]);
                }
            }
            String key = check.parent().plan().keyTarget();
            ColumnInfo keyType = check.parent().targetColumns().stream().filter(ci -> ci.name().equalsIgnoreCase(key)).findFirst()
                    .orElse(null);
            Set<String> present = TargetKeys.present(target, d, check.parent().target(), key, keyType, values);
            Map<Integer, String> missing = new LinkedHashMap<>();
            for (int row : accepted) {
                String value = batch.rows().get(row)[check.column()];
                if (value != null && !rejected.containsKey(row) && !present.contains(value)) {
                    missing.put(row, batch.parentKeys().get(row)[check.index()]);
                }
            }
            if (missing.isEmpty()) {
                continue;
            }
            String parent = check.reference().entity();
            Set<String> rejectedParents = store.rejectedKeys(target, parent, missing.values());
            for (Map.Entry<Integer, String> m : missing.entrySet()) {
                String reason = rejectedParents.contains(m.getValue()) ? "parent rejected: " + parent + " " + m.getValue()
                        : "parent missing: " + parent + " " + m.getValue() + " (filtered out, or not in the source)";
                MissingParent policy = check.reference().onMissingParent();
                if (policy == MissingParent.FAIL) {
                    throw new FerryException(ErrorCode.FAILURE, "Entity " + job.name() + ", row " + batch.legacyKeys().get(m.getKey())
                            + ": " + reason + ", and reference '" + check.reference().target() + "' says on_missing_parent: fail. "
                            + "Bring the parent in (fix the source row, or the plan), then resume the run");
                }
                if (policy == MissingParent.NULL) {
                    batch.rows().get(m.getKey())[check.column()] = null;
                } else {
                    rejected.put(m.getKey(), new Refusal(reason, check.reference().target()));
                }
            }
        }
        return rejected;
    }

    private boolean guaranteed(Check check, Connection target, TransferStore store) throws SQLException {
        return job.sourceEnforced().contains(check.reference().from()) && check.parent().plan().where() == null
                && !store.hasRejects(target, check.parent().name());
    }
}
