package dev.ferry.cli;

import dev.ferry.rekey.RekeyAnalysis;
import dev.ferry.rekey.RekeyAnalysis.Blocker;
import dev.ferry.rekey.RekeyAnalysis.Dependent;
import dev.ferry.rekey.RekeyAnalysis.LockStep;
import dev.ferry.rekey.RekeyAnalysis.TableAnalysis;

/** The rekey analysis for people: aligned tables on the terminal, or Markdown to paste into a review. */
final class RekeyAnalysisText {
    private RekeyAnalysisText() {
    }

    static String text(RekeyAnalysis a) {
        StringBuilder sb = new StringBuilder("Rekey analysis of " + a.database() + "\n\n");
        Table sizes = new Table("Table", "Key", "Entity", "Rows", "Bytes", "Seq scans", "Index scans", "Inserts", "Updates", "Deletes");
        for (TableAnalysis t : a.tables()) {
            sizes.row(t.table(), t.key(), t.entity(), t.rows(), t.bytes(), t.usage().sequentialScans(), t.usage().indexScans(),
                    t.usage().inserts(), t.usage().updates(), t.usage().deletes());
        }
        sb.append(sizes.render()).append('\n');
        Table deps = new Table("Table", "Column", "Kind", "Object", "Followed by Ferry", "Definition");
        for (TableAnalysis t : a.tables()) {
            for (Dependent d : t.dependents()) {
                deps.row(t.table(), d.column(), d.kind(), d.name(), d.followed() ? "yes" : "no", d.detail());
            }
        }
        sb.append("Dependent objects\n").append(deps.render()).append('\n');
        if (!a.tables().isEmpty()) {
            TableAnalysis largest = a.tables().stream().max((x, y) -> Long.compare(x.bytes(), y.bytes())).orElseThrow();
            Table locks = new Table("Step", "Lock", "Held");
            for (LockStep l : largest.locks()) {
                locks.row(l.step(), l.lock(), l.duration());
            }
            sb.append("Locks per step on the largest table, ").append(largest.table()).append('\n').append(locks.render()).append('\n');
            sb.append("Statements: ").append(largest.usage().statements()).append("\n\n");
        }
        if (a.blockers().isEmpty()) {
            sb.append("No blockers: every phase can run.");
        } else {
            Table blockers = new Table("Blocks", "Object", "Problem", "What to do");
            for (Blocker b : a.blockers()) {
                blockers.row(b.blocks(), b.object(), b.problem(), b.action());
            }
            sb.append("Blockers\n").append(blockers.render()).append(a.clearFor("expand") ? "Expand can start; resolve the rest before the phase named."
                    : "Expand cannot start until the blockers of expand are resolved.");
        }
        return sb.toString();
    }

    static String markdown(RekeyAnalysis a) {
        StringBuilder sb = new StringBuilder("# Rekey analysis of " + a.database() + "\n\n");
        sb.append("| Table | Key | Entity | Rows | Bytes | Seq scans | Index scans | Inserts | Updates | Deletes |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (TableAnalysis t : a.tables()) {
            row(sb, t.table(), t.key(), t.entity(), t.rows(), t.bytes(), t.usage().sequentialScans(), t.usage().indexScans(), t.usage().inserts(),
                    t.usage().updates(), t.usage().deletes());
        }
        sb.append("\n## Dependent objects\n\n| Table | Column | Kind | Object | Followed by Ferry | Definition |\n|---|---|---|---|---|---|\n");
        for (TableAnalysis t : a.tables()) {
            for (Dependent d : t.dependents()) {
                row(sb, t.table(), d.column(), d.kind(), d.name(), d.followed() ? "yes" : "no", d.detail());
            }
        }
        for (TableAnalysis t : a.tables()) {
            sb.append("\n## Locks on ").append(t.table()).append("\n\n| Step | Lock | Held |\n|---|---|---|\n");
            for (LockStep l : t.locks()) {
                row(sb, l.step(), l.lock(), l.duration());
            }
        }
        sb.append("\n## Blockers\n\n");
        if (a.blockers().isEmpty()) {
            sb.append("None: every phase can run.\n");
        } else {
            sb.append("| Blocks | Object | Problem | What to do |\n|---|---|---|---|\n");
            for (Blocker b : a.blockers()) {
                row(sb, b.blocks(), b.object(), b.problem(), b.action());
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, Object... cells) {
        sb.append('|');
        for (Object c : cells) {
            sb.append(' ').append(String.valueOf(c).replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        sb.append('\n');
    }
}
