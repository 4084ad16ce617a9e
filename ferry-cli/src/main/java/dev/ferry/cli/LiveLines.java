package dev.ferry.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A block of lines at the bottom of a terminal that is redrawn in place, with finished lines
 * printed above it for good. Each redraw moves the cursor back to the top of the block, writes the
 * settled lines, then the current ones, and clears what is left below, so a line that is gone
 * (an entity that finished) leaves nothing stale behind.
 */
final class LiveLines {
    private static final String CLEAR_LINE = "\u001b[2K";
    private static final String CLEAR_BELOW = "\u001b[J";

    private final Terminal terminal;
    private final List<String> settled = new ArrayList<>();
    private List<String> current = List.of();
    private int drawn;

    LiveLines(Terminal terminal) {
        this.terminal = terminal;
    }

    /** A line to keep, printed above the live block at the next {@link #draw}; it may wrap, as it is never redrawn. */
    synchronized void settle(String line) {
        settled.add(line);
    }

    /** Prints a line of other output above the block at once, so that it neither tears the block nor gets drawn over. */
    synchronized void print(String line) {
        settle(line);
        draw(current);
    }

    /** Replaces the block with {@code current}, after the lines settled since the last draw. */
    synchronized void draw(List<String> current) {
        this.current = List.copyOf(current);
        Console.live(current.isEmpty() ? null : this);
        StringBuilder sb = new StringBuilder();
        if (drawn > 0) {
            sb.append("\r\u001b[").append(drawn).append('A');
        }
        for (String line : settled) {
            sb.append('\r').append(CLEAR_LINE).append(line).append('\n');
        }
        settled.clear();
        for (String line : current) {
            sb.append('\r').append(CLEAR_LINE).append(terminal.fit(line)).append('\n');
        }
        sb.append(CLEAR_BELOW);
        drawn = current.size();
        terminal.out().print(sb);
        terminal.out().flush();
    }
}
