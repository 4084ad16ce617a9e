package dev.ferry.dashboard;

import dev.ferry.dashboard.DashboardViews.Throughput;
import java.util.List;
import java.util.Locale;

/** Rows per second per entity over the run as a small self-contained SVG line chart. */
final class ThroughputChart {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 240;
    private static final int LEFT = 64;
    private static final int RIGHT = 160;
    private static final int TOP = 16;
    private static final int BOTTOM = 32;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};

    private ThroughputChart() {
    }

    static String svg(List<Throughput> series) {
        double maxX = series.stream().flatMap(s -> s.points().stream()).mapToDouble(Throughput.Point::at).max().orElse(1);
        double maxY = Math.max(1, series.stream().flatMap(s -> s.points().stream()).mapToDouble(Throughput.Point::rowsPerSecond).max().orElse(1));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"11\">")
                .append("<title>Rows per second per entity</title>")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        line(sb, LEFT, TOP, LEFT, TOP + plotH);
        line(sb, LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);
        text(sb, LEFT - 6, TOP + 4, "end", number(maxY));
        text(sb, LEFT - 6, TOP + plotH, "end", "0");
        text(sb, LEFT + plotW, TOP + plotH + 16, "end", number(maxX) + " s");
        text(sb, LEFT, TOP + plotH + 16, "start", "rows/s");
        if (series.isEmpty()) {
            text(sb, LEFT + plotW / 2, TOP + plotH / 2, "middle", "no batch committed yet");
        }
        for (int i = 0; i < series.size(); i++) {
            Throughput s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            sb.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" points=\"");
            sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", (double) LEFT, (double) TOP + plotH));
            for (Throughput.Point p : s.points()) {
                sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + p.at() / maxX * plotW, TOP + plotH - p.rowsPerSecond() / maxY * plotH));
            }
            sb.append("\"/>");
            int y = TOP + 12 + i * 16;
            sb.append("<rect x=\"").append(LEFT + plotW + 12).append("\" y=\"").append(y - 9).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(colour).append("\"/>");
            text(sb, LEFT + plotW + 28, y, "start", s.entity());
        }
        return sb.append("</svg>").toString();
    }

    private static void line(StringBuilder sb, int x1, int y1, int x2, int y2) {
        sb.append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2).append("\" y2=\"").append(y2)
                .append("\" stroke=\"#555555\"/>");
    }

    private static void text(StringBuilder sb, int x, int y, String anchor, String s) {
        sb.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"").append(anchor).append("\">")
                .append(Html.escape(s)).append("</text>");
    }

    private static String number(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
