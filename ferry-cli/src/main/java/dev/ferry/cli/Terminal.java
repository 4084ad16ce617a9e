package dev.ferry.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Where progress goes and how it may be drawn: {@code live} when stderr is an interactive terminal
 * that understands cursor movement (lines then update in place), plain line-by-line output
 * otherwise (CI logs, pipes, {@code TERM=dumb}); {@code width} is the number of columns to fit.
 */
record Terminal(PrintStream out, boolean live, int width) {
    static final int DEFAULT_WIDTH = 80;

    /** stderr, as the user's shell sees it. */
    static Terminal stderr() {
        boolean live = System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
        return new Terminal(new PrintStream(System.err, true, StandardCharsets.UTF_8), live, live ? columns() : DEFAULT_WIDTH);
    }

    /** The terminal's width: {@code COLUMNS} when the shell exports it, else what {@code stty} reports, else 80. */
    static int columns() {
        Integer fromEnv = positive(System.getenv("COLUMNS"));
        if (fromEnv != null) {
            return fromEnv;
        }
        File tty = new File("/dev/tty");
        if (!tty.canRead()) {
            return DEFAULT_WIDTH;
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroy();
                return DEFAULT_WIDTH;
            }
            String[] parts = answer.split("\\s+");
            Integer cols = parts.length == 2 ? positive(parts[1]) : null;
            return cols == null ? DEFAULT_WIDTH : cols;
        } catch (IOException e) {
            return DEFAULT_WIDTH;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_WIDTH;
        }
    }

    private static Integer positive(String s) {
        try {
            int n = s == null ? 0 : Integer.parseInt(s.strip());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * {@code text} cut to fit one row of a live terminal, so that no line wraps and moving the cursor
     * up stays exact; whole when the output is plain lines (a log keeps everything).
     */
    String fit(String text) {
        if (!live) {
            return text;
        }
        int max = Math.max(10, width - 1);
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }
}
