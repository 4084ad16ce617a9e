package dev.ferry.doctor;

import java.time.Duration;

/** Durations as people say them: "3 min", "5 h", "2 days". */
final class Ages {
    private Ages() {
    }

    static String describe(Duration d) {
        if (d.toMinutes() < 1) {
            return Math.max(0, d.toSeconds()) + " s";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min";
        }
        if (d.toDays() < 2) {
            return d.toHours() + " h";
        }
        return d.toDays() + " days";
    }
}
