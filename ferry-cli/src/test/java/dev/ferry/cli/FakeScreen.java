package dev.ferry.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A terminal of a fixed width for tests: takes what a {@link Terminal} printed, plays the carriage
 * returns, cursor-up, clear-line and clear-below sequences and line wrapping the way a terminal
 * does, and shows the screen a person would be left with.
 */
final class FakeScreen {
    private final int width;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    FakeScreen(int width) {
        this.width = width;
    }

    Terminal terminal() {
        return new Terminal(out, true, width);
    }

    String raw() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The rows as they stand; a row that began because a line was too long for the width is marked by {@link #wraps()}. */
    List<String> rows() {
        return play().rows;
    }

    /** How many times text ran past the right edge and wrapped onto a new row. */
    int wraps() {
        return play().wraps;
    }

    private record Played(List<String> rows, int wraps) {
    }

    private Played play() {
        List<StringBuilder> screen = new ArrayList<>();
        screen.add(new StringBuilder());
        int row = 0;
        int col = 0;
        int wraps = 0;
        String s = raw();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u001b' && i + 1 < s.length() && s.charAt(i + 1) == '[') {
                int j = i + 2;
                while (Character.isDigit(s.charAt(j))) {
                    j++;
                }
                int n = j > i + 2 ? Integer.parseInt(s.substring(i + 2, j)) : 1;
                char command = s.charAt(j);
                switch (command) {
                    case 'A' -> row = Math.max(0, row - n);
                    case 'K' -> screen.get(row).setLength(n == 2 ? 0 : Math.min(col, screen.get(row).length()));
                    case 'J' -> {
                        screen.get(row).setLength(Math.min(col, screen.get(row).length()));
                        while (screen.size() > row + 1) {
                            screen.remove(screen.size() - 1);
                        }
                    }
                    default -> throw new AssertionError("unexpected escape sequence ESC[" + s.substring(i + 2, j + 1));
                }
                i = j;
            } else if (c == '\r') {
                col = 0;
            } else if (c == '\n') {
                row++;
                col = 0;
                while (screen.size() <= row) {
                    screen.add(new StringBuilder());
                }
            } else {
                if (col >= width) {
                    wraps++;
                    row++;
                    col = 0;
                    while (screen.size() <= row) {
                        screen.add(new StringBuilder());
                    }
                }
                StringBuilder line = screen.get(row);
                while (line.length() < col) {
                    line.append(' ');
                }
                if (col < line.length()) {
                    line.setCharAt(col, c);
                } else {
                    line.append(c);
                }
                col++;
            }
        }
        List<String> rows = new ArrayList<>();
        screen.forEach(b -> rows.add(b.toString()));
        while (!rows.isEmpty() && rows.get(rows.size() - 1).isEmpty()) {
            rows.remove(rows.size() - 1);
        }
        return new Played(rows, wraps);
    }
}
