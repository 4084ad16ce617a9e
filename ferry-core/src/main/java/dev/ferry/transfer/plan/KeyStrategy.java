package dev.ferry.transfer.plan;

import java.util.Locale;

/** How an entity's new key is made from its legacy key. */
public enum KeyStrategy {
    /** A name-based UUID from the entity name and the legacy key: the same on every run, resume and retry, with no lookup. */
    UUID,
    /** The legacy key is kept as it is; a composite key keeps its columns ({@code kept} is the same). */
    KEEP,
    /** The target generates the key; nothing can reference such an entity by a computed key. */
    GENERATED;

    static KeyStrategy parse(String s) {
        String name = s == null ? "UUID" : s.strip().toUpperCase(Locale.ROOT);
        return name.equals("KEPT") ? KEEP : valueOf(name);
    }
}
