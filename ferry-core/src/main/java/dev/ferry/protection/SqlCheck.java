package dev.ferry.protection;

/** A named query returning the key (first column) of every row that breaks a rule. */
record SqlCheck(String name, String sql) {
}
