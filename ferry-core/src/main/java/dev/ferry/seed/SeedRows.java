package dev.ferry.seed;

import java.sql.SQLException;

/** The rows of a data file, read one at a time so that no file is held in memory. */
interface SeedRows {
    /** Receives one row. */
    interface Visitor {
        void row(SeedRow row) throws SQLException;
    }

    void forEach(Visitor visitor) throws SQLException;
}
