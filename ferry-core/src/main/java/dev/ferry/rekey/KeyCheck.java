package dev.ferry.rekey;

/**
 * One column's verification: how many rows were read, how many carry only the UUID (written by a
 * new client after the switch), and how many have a UUID that is not their integer key's.
 */
public record KeyCheck(String table, String column, long rows, long uuidOnly, long mismatches, String firstMismatch) {
    public boolean clean() {
        return mismatches == 0;
    }
}
