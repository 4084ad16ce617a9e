package dev.ferry.rekey;

/** The names Ferry gives the objects it adds, in one place so every phase finds what expand made. */
final class RekeyNames {
    private RekeyNames() {
    }

    static String uuidColumn(String column) {
        return column + "_uuid";
    }

    static String uniqueIndex(String table, String column) {
        return trim("ferry_" + table + "_" + uuidColumn(column) + "_key");
    }

    /** The unique index that keeps the integer key unique once the UUID is the primary key. */
    static String integerIndex(String table, String column) {
        return trim("ferry_" + table + "_" + column + "_key");
    }

    static String notNullCheck(String table, String column) {
        return trim("ferry_" + table + "_" + uuidColumn(column) + "_not_null");
    }

    static String foreignKey(String table, String column) {
        return trim("ferry_" + table + "_" + uuidColumn(column) + "_fkey");
    }

    /** PostgreSQL cuts names at 63 bytes; cutting them here keeps the name Ferry looks for the one the server stored. */
    private static String trim(String name) {
        return name.length() <= 63 ? name : name.substring(0, 63);
    }
}
