package dev.ferry.migration;

import dev.ferry.FerryException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A migration version such as {@code 1}, {@code 1.2}, {@code 2_5_3} or {@code 20240101120000}.
 * Parts compare numerically, so {@code 1.10} follows {@code 1.9}, and missing parts count as zero,
 * so {@code 1} and {@code 1.0} are the same version.
 */
public final class Version implements Comparable<Version> {
    private final List<BigInteger> parts;
    private final String text;

    private Version(List<BigInteger> parts, String text) {
        this.parts = parts;
        this.text = text;
    }

    /** Parses a version; {@code _} and {@code .} both separate parts. */
    public static Version parse(String raw) {
        String text = raw.replace('_', '.');
        List<BigInteger> parts = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            if (part.isEmpty() || !part.chars().allMatch(Character::isDigit)) {
                throw FerryException.invalidInput("'" + raw + "' is not a version: use digits separated by . or _, e.g. 1, 1.2, 2_5_3");
            }
            parts.add(new BigInteger(part));
        }
        return new Version(List.copyOf(parts), text);
    }

    public static boolean isVersion(String raw) {
        return raw.matches("\\d+([._]\\d+)*");
    }

    @Override
    public int compareTo(Version o) {
        int n = Math.max(parts.size(), o.parts.size());
        for (int i = 0; i < n; i++) {
            BigInteger a = i < parts.size() ? parts.get(i) : BigInteger.ZERO;
            BigInteger b = i < o.parts.size() ? o.parts.get(i) : BigInteger.ZERO;
            int c = a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The first part, used to number the next migration. */
    public BigInteger major() {
        return parts.get(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        int end = parts.size();
        while (end > 1 && parts.get(end - 1).signum() == 0) {
            end--;
        }
        return parts.subList(0, end).hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
