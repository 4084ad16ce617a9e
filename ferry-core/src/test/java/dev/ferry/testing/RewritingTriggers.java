package dev.ferry.testing;

import java.sql.SQLException;

/** BEFORE INSERT and UPDATE triggers that overwrite one column, as a {@code last_update} stamp does. */
public final class RewritingTriggers {
    public static final String VALUE = "rewritten";

    private RewritingTriggers() {
    }

    /**
     * Triggers {@code <table>_ins} and {@code <table>_upd} on MariaDB, {@code <table>_stamp} on
     * PostgreSQL, setting {@code column} to {@value #VALUE}.
     */
    public static void create(TestDatabase db, String table, String column) throws SQLException {
        if (db.isMariaDb()) {
            db.exec("CREATE TRIGGER " + table + "_ins BEFORE INSERT ON " + table + " FOR EACH ROW SET NEW." + column + " = '" + VALUE + "'",
                    "CREATE TRIGGER " + table + "_upd BEFORE UPDATE ON " + table + " FOR EACH ROW SET NEW." + column + " = '" + VALUE + "'");
        } else {
            db.exec("CREATE FUNCTION " + table + "_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW." + column + " := '" + VALUE
                            + "'; RETURN NEW; END $$",
                    "CREATE TRIGGER " + table + "_stamp BEFORE INSERT OR UPDATE ON " + table + " FOR EACH ROW EXECUTE FUNCTION "
                            + table + "_rewrite()");
        }
    }
}
