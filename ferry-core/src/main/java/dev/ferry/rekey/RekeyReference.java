package dev.ferry.rekey;

/** A reference the catalog does not declare, given in the plan: {@code child.column} points at {@code parent}'s key. */
public record RekeyReference(String table, String column, String parent) {
}
