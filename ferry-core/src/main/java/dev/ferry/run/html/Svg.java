package dev.ferry.run.html;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Small inline SVG charts, so a report needs no script, no font and no file beside it. Every label
 * is escaped; axes start at zero and say their unit.
 */
final class Svg {
    static final String[] COLOURS = {"#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#2c7a7b", "#975a16", "#4a5568"};
    private static final int WIDTH = 760;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 36;

    private Svg() {
    }

    /** One point of a series. */
    record Point(double x, double y) {
    }

    /**
     * A line per series over a shared x axis, with a legend; series of one point show as a dot.
     *
     * @param series by name, in legend order; points sorted by x
     */
    static String lineChart(String title, String xUnit, String yUnit, Map<String, List<Point>> series) {
        int height = 240;
        double maxX = series.values().stream().flatMap(List::stream).mapToDouble(Point::x).max().orElse(1);
        double maxY = series.values().stream().flatMap(List::stream).mapToDouble(Point::y).max().orElse(1);
        maxX = niceCeiling(maxX);
        maxY = niceCeiling(maxY);
        int legendRows = (series.size() + 3) / 4;
        StringBuilder sb = open(title, height + legendRows * 18 + 8);
        axes(sb, height, maxX, maxY, xUnit, yUnit);
        int i = 0;
        for (Map.Entry<String, List<Point>> s : series.entrySet()) {
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (Point p : s.getValue()) {
                path.append(path.length() == 0 ? "" : " ").append(fmt(x(p.x(), maxX))).append(',').append(fmt(y(p.y(), maxY, height)));
            }
            if (s.getValue().size() == 1) {
                Point p = s.getValue().get(0);
                sb.append("<circle cx=\"").append(fmt(x(p.x(), maxX))).append("\" cy=\"").append(fmt(y(p.y(), maxY, height)))
                        .append("\" r=\"3\" fill=\"").append(colour).append("\"/>\n");
            } else if (!s.getValue().isEmpty()) {
                sb.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" points=\"").append(path)
                        .append("\"/>\n");
            }
            int lx = LEFT + (i % 4) * 180;
            int ly = height + 6 + (i / 4) * 18;
            sb.append("<rect x=\"").append(lx).append("\" y=\"").append(ly).append("\" width=\"12\" height=\"12\" fill=\"").append(colour)
                    .append("\"/>").append(text(lx + 16, ly + 10, "start", Html.escape(s.getKey()))).append('\n');
            i++;
        }
        return close(sb, title);
    }

    /** Horizontal bars, one per label, with the value written after each bar. */
    static String barChart(String title, String unit, List<String> labels, List<Double> values) {
        int bar = 20;
        int height = TOP + labels.size() * (bar + 6) + 8;
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        max = max <= 0 ? 1 : max;
        int labelWidth = 200;
        double span = WIDTH - labelWidth - 120;
        StringBuilder sb = open(title, height);
        for (int i = 0; i < labels.size(); i++) {
            int top = TOP + i * (bar + 6);
            double w = Math.max(1, span * values.get(i) / max);
            sb.append(text(labelWidth - 8, top + 14, "end", Html.escape(shorten(labels.get(i), 30))));
            sb.append("<rect x=\"").append(labelWidth).append("\" y=\"").append(top).append("\" width=\"").append(fmt(w))
                    .append("\" height=\"").append(bar).append("\" fill=\"").append(COLOURS[0]).append("\"/>");
            sb.append(text(labelWidth + (int) w + 6, top + 14, "start", Html.escape(number(values.get(i)) + " " + unit))).append('\n');
        }
        return close(sb, title);
    }

    static StringBuilder open(String title, int height) {
        StringBuilder sb = new StringBuilder();
        sb.append("<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\">\n<title>")
                .append(Html.escape(title)).append("</title>\n");
        return sb;
    }

    /** Closes a chart opened with {@link #open}; the caption repeats the title for readers and tests. */
    static String close(StringBuilder sb, String title) {
        return sb.append("</svg>\n<figcaption>").append(Html.escape(title)).append("</figcaption>\n</figure>\n").toString();
    }

    static String text(int x, int y, String anchor, String escaped) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\">" + escaped + "</text>";
    }

    private static void axes(StringBuilder sb, int height, double maxX, double maxY, String xUnit, String yUnit) {
        int bottom = height - BOTTOM;
        sb.append("<g class=\"axis\">\n<line x1=\"").append(LEFT).append("\" y1=\"").append(bottom).append("\" x2=\"").append(WIDTH - RIGHT)
                .append("\" y2=\"").append(bottom).append("\"/>\n<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"")
                .append(LEFT).append("\" y2=\"").append(bottom).append("\"/>\n");
        for (int t = 0; t <= 4; t++) {
            double v = maxY * t / 4;
            int y = (int) Math.round(y(v, maxY, height));
            sb.append(text(LEFT - 6, y + 4, "end", Html.escape(number(v)))).append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"")
                    .append(y).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y2=\"").append(y).append("\"/>\n");
            double xv = maxX * t / 4;
            sb.append(text((int) Math.round(x(xv, maxX)), bottom + 16, "middle", Html.escape(number(xv)))).append('\n');
        }
        sb.append(text(WIDTH - RIGHT, bottom + 30, "end", Html.escape(xUnit))).append(text(LEFT + 4, TOP - 4, "start", Html.escape(yUnit)))
                .append("\n</g>\n");
    }

    private static double x(double v, double maxX) {
        return LEFT + (WIDTH - LEFT - RIGHT) * v / maxX;
    }

    private static double y(double v, double maxY, int height) {
        int bottom = height - BOTTOM;
        return bottom - (bottom - TOP) * v / maxY;
    }

    /** 1, 2 or 5 times a power of ten at or above {@code v}, so that the gridlines fall on round numbers. */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String number(double v) {
        if (v >= 10_000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
