package dev.ferry.cli;

import java.util.Locale;

/** Numbers as the terminal shows them: thousands grouped, durations as h:mm:ss. */
final class Numbers {
    private Numbers() {
    }

    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
