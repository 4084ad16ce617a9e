package dev.ferry.run.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entities of a transfer as a graph: a column per dependency level, parents left of their
 * children, each box with the entity's time, so the path that made the run long is visible.
 */
final class DependencyGraph {
    private static final int BOX_W = 170;
    private static final int BOX_H = 40;
    private static final int GAP_X = 60;
    private static final int GAP_Y = 16;

    private DependencyGraph() {
    }

    /** @param timings by entity, the text under its name */
    static String render(JsonNode entities, Map<String, String> timings) {
        Map<String, List<String>> parents = new LinkedHashMap<>();
        for (JsonNode e : entities) {
            List<String> deps = new ArrayList<>();
            e.path("dependsOn").forEach(d -> deps.add(d.asText()));
            parents.put(e.path("entity").asText(), deps);
        }
        Map<String, Integer> level = new LinkedHashMap<>();
        parents.keySet().forEach(n -> level(n, parents, level, 0));
        List<List<String>> columns = new ArrayList<>();
        level.forEach((n, l) -> {
            while (columns.size() <= l) {
                columns.add(new ArrayList<>());
            }
            columns.get(l).add(n);
        });
        int rows = columns.stream().mapToInt(List::size).max().orElse(1);
        int width = Math.max(1, columns.size()) * (BOX_W + GAP_X) - GAP_X + 20;
        int height = rows * (BOX_H + GAP_Y) + 20;
        Map<String, int[]> at = new LinkedHashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            for (int r = 0; r < columns.get(c).size(); r++) {
                at.put(columns.get(c).get(r), new int[] {10 + c * (BOX_W + GAP_X), 10 + r * (BOX_H + GAP_Y)});
            }
        }
        String title = "Entities by dependency, with their times";
        StringBuilder sb = Svg.open(title, height);
        sb.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" "
                + "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#718096\"/></marker></defs>\n");
        parents.forEach((child, deps) -> deps.stream().filter(at::containsKey).forEach(parent -> {
            int[] p = at.get(parent);
            int[] c = at.get(child);
            int x1 = p[0] + BOX_W;
            int y1 = p[1] + BOX_H / 2;
            int x2 = c[0];
            int y2 = c[1] + BOX_H / 2;
            int mid = (x1 + x2) / 2;
            sb.append("<path class=\"edge\" marker-end=\"url(#arrow)\" d=\"M").append(x1).append(',').append(y1).append(" C").append(mid)
                    .append(',').append(y1).append(' ').append(mid).append(',').append(y2).append(' ').append(x2).append(',').append(y2)
                    .append("\"/>\n");
        }));
        at.forEach((name, p) -> sb.append("<g class=\"node\"><rect rx=\"4\" x=\"").append(p[0]).append("\" y=\"").append(p[1])
                .append("\" width=\"").append(BOX_W).append("\" height=\"").append(BOX_H).append("\"/>")
                .append(Svg.text(p[0] + 8, p[1] + 16, "start", "<tspan font-weight=\"600\">" + Html.escape(Svg.shorten(name, 24)) + "</tspan>"))
                .append(Svg.text(p[0] + 8, p[1] + 32, "start", Html.escape(Svg.shorten(timings.getOrDefault(name, ""), 26))))
                .append("</g>\n"));
        if (width > 760) {
            // A wide graph keeps its own width; the page scrolls it rather than shrinking the text.
            int open = sb.indexOf("<svg ");
            sb.replace(open, sb.indexOf(">", open) + 1, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + width
                    + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height + "\">");
        }
        return Svg.close(sb, title);
    }

    /** An entity's column: one past its deepest parent; a cycle (which a plan refuses) stops at the depth reached. */
    private static int level(String name, Map<String, List<String>> parents, Map<String, Integer> level, int depth) {
        Integer known = level.get(name);
        if (known != null) {
            return known;
        }
        int l = 0;
        if (depth < parents.size()) {
            for (String p : parents.getOrDefault(name, List.of())) {
                if (parents.containsKey(p)) {
                    l = Math.max(l, level(p, parents, level, depth + 1) + 1);
                }
            }
        }
        level.put(name, l);
        return l;
    }
}
