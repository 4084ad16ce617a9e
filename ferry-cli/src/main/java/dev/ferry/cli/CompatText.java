package dev.ferry.cli;

import dev.ferry.rekey.CompatClient;
import dev.ferry.rekey.CompatReport;
import java.util.List;

/** The compatibility clients and the deprecated objects as terminal tables and as Markdown. */
final class CompatText {
    private CompatText() {
    }

    static String clients(List<CompatClient> clients) {
        if (clients.isEmpty()) {
            return "No client seen on a compatibility version.";
        }
        Table t = new Table("Version", "User", "Application", "Address", "First seen", "Last seen");
        for (CompatClient c : clients) {
            t.row(c.version(), c.user(), c.application(), c.address(), c.firstSeen(), c.lastSeen());
        }
        return t.render().stripTrailing();
    }

    static String text(CompatReport r) {
        StringBuilder out = new StringBuilder(clients(r.clients())).append("\n\n");
        if (r.objects().isEmpty()) {
            return out.append("No deprecated object is left.").toString();
        }
        Table t = new Table("Deprecated object", "Kind", "Last v1 client", "Last seen", "Safe to remove");
        for (CompatReport.DeprecatedObject o : r.objects()) {
            t.row(o.object(), o.kind(), o.lastUse() == null ? "never seen" : o.lastUse().describe(), o.lastUse() == null ? "" : o.lastUse().lastSeen(),
                    o.safeToRemove() ? "yes" : "no");
        }
        return out.append(t.render().stripTrailing()).toString();
    }

    static String markdown(CompatReport r) {
        StringBuilder out = new StringBuilder("# Compatibility report\n\nAt ").append(r.at()).append(", quiet for ")
                .append(r.quietFor().toString().substring(2).toLowerCase()).append(".\n\n## Clients\n\n");
        out.append("| version | user | application | address | first seen | last seen |\n| --- | --- | --- | --- | --- | --- |\n");
        for (CompatClient c : r.clients()) {
            out.append("| ").append(String.join(" | ", c.version(), c.user(), c.application(), c.address(), String.valueOf(c.firstSeen()),
                    String.valueOf(c.lastSeen()))).append(" |\n");
        }
        out.append("\n## Deprecated objects\n\n| object | kind | last v1 client | last seen | safe to remove |\n| --- | --- | --- | --- | --- |\n");
        for (CompatReport.DeprecatedObject o : r.objects()) {
            out.append("| ").append(String.join(" | ", o.object(), o.kind(), o.lastUse() == null ? "never seen" : o.lastUse().describe(),
                    o.lastUse() == null ? "" : String.valueOf(o.lastUse().lastSeen()), o.safeToRemove() ? "yes" : "no")).append(" |\n");
        }
        return out.toString().stripTrailing();
    }
}
