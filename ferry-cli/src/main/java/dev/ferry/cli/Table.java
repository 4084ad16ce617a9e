package dev.ferry.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table with aligned columns, for the default (non-JSON) output of commands. With
 * {@link #numbersRight()} columns of numbers are right-aligned; {@link #render(int)} fits the table
 * into a terminal's width by cutting the widest cells, so that no row wraps.
 */
final class Table {
    private static final int NARROWEST = 6;

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final boolean[] numeric;
    private boolean numbersRight;

    Table(String... headers) {
        this.headers = List.of(headers);
        this.numeric = new boolean[headers.length];
        java.util.Arrays.fill(numeric, true);
    }

    /** Right-aligns the columns whose every cell is a number (or reads as one), for tables of counts and rates. */
    Table numbersRight() {
        numbersRight = true;
        return this;
    }

    Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            Object c = cells[i];
            r.add(c == null ? "" : c instanceof java.time.Instant at ? Render.time(at) : c.toString());
            if (i < numeric.length && !(c instanceof Number || r.get(i).matches("-?[0-9][0-9,.]*"))) {
                numeric[i] = false;
            }
        }
        rows.add(r);
        return this;
    }

    String render() {
        return render(Integer.MAX_VALUE);
    }

    /** The table in at most {@code width} columns: the widest column gives way first, its cells ending in "…". */
    String render(int width) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        shrink(widths, width);
        StringBuilder sb = new StringBuilder();
        line(sb, headers, widths, false);
        List<String> rule = new ArrayList<>();
        for (int w : widths) {
            rule.add("-".repeat(w));
        }
        line(sb, rule, widths, false);
        for (List<String> r : rows) {
            line(sb, r, widths, true);
        }
        return sb.toString().stripTrailing();
    }

    /**
     * Takes columns in until the table fits: text columns first, the widest first, down to a few
     * characters; then the headers of number columns, never a number itself.
     */
    private void shrink(int[] widths, int width) {
        int[] floor = new int[widths.length];
        for (int i = 0; i < widths.length; i++) {
            floor[i] = Math.min(widths[i], NARROWEST);
            if (numbersRight && numeric[i]) {
                for (List<String> r : rows) {
                    floor[i] = Math.max(floor[i], r.get(i).length());
                }
            }
        }
        for (boolean numbers : new boolean[] {false, true}) {
            while (total(widths) > width) {
                int widest = -1;
                for (int i = 0; i < widths.length; i++) {
                    boolean candidate = (numbersRight && numeric[i]) == numbers && widths[i] > floor[i];
                    if (candidate && (widest < 0 || widths[i] > widths[widest])) {
                        widest = i;
                    }
                }
                if (widest < 0) {
                    break;
                }
                widths[widest]--;
            }
        }
    }

    private static int total(int[] widths) {
        int sum = 2 * (widths.length - 1);
        for (int w : widths) {
            sum += w;
        }
        return sum;
    }

    private void line(StringBuilder sb, List<String> cells, int[] widths, boolean body) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            if (cell.length() > widths[i]) {
                cell = cell.substring(0, widths[i] - 1) + "\u2026";
            }
            String gap = " ".repeat(widths[i] - cell.length());
            line.append(body && numbersRight && numeric[i] ? gap + cell : cell + (i < cells.size() - 1 ? gap : ""));
            if (i < cells.size() - 1) {
                line.append("  ");
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
