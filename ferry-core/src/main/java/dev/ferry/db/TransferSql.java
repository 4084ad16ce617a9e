package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL of data transfer: its state tables (runs, checkpoints, ID map, rejects), the indexes and
 * foreign keys set aside while a table loads (restores set them aside too), and refreshing
 * statistics after a load. Separate from {@link Dialect} so that transfer's needs grow here.
 */
public interface TransferSql {
    /** DDL for the transfer state tables (runs, checkpoints, ID map, rejects), each IF NOT EXISTS. */
    List<String> transferStateTables(String schema);

    /** The table's secondary indexes (not those behind primary keys or unique constraints) and foreign keys. */
    List<DeferrableObject> deferrableObjects(Connection c, TableRef table) throws SQLException;

    /**
     * The table's primary key as an object a bulk load may set aside, when it is on exactly
     * {@code columns} and no foreign key references the table any more; {@code null} otherwise.
     * A key kept in place is updated row by row in random order for UUID keys, which costs the
     * server more than the load itself, whereas building it afterwards is one sort. Databases that
     * store a table in its primary key's order (MariaDB's InnoDB) rebuild the whole table to add
     * one, so there it is never set aside.
     */
    default DeferrableObject deferrablePrimaryKey(Connection c, TableRef table, List<String> columns) throws SQLException {
        return null;
    }

    /** Whether the index or foreign key exists on the table (again). */
    boolean exists(Connection c, TableRef table, DeferrableObject object) throws SQLException;

    /**
     * The statement adding a set-aside foreign key without checking the rows already there, so that
     * the checks ({@link #checkForeignKey}) can run afterwards several tables at once and beside
     * other tables' index builds; {@code null} where the database cannot add a key unchecked (or
     * not on this table) and it is added, and so checked, as it was before the load. A key the
     * table held unchecked before comes back unchanged: it is not checked afterwards either.
     */
    default String addForeignKeyUnchecked(Connection c, TableRef table, DeferrableObject foreignKey) throws SQLException {
        return null;
    }

    /** The statement checking a foreign key added by {@link #addForeignKeyUnchecked}; it does nothing for a key already checked. */
    default String checkForeignKey(TableRef table, DeferrableObject foreignKey) {
        throw new UnsupportedOperationException("this database cannot add a foreign key unchecked");
    }

    /** The bytes the table's rows take (0 where unknown), to rebuild what the largest tables set aside first. */
    default long tableBytes(Connection c, TableRef table) throws SQLException {
        return 0;
    }

    /**
     * The tables a read of {@code table} reaches besides it: its partitions (read through the parent,
     * each row once), or the tables inheriting from it (whose rows a plain read includes).
     *
     * @param names the tables, comma-separated
     */
    record TablesBelow(boolean partitions, String names) {
        /** As the transfer plan shows it beside the table. */
        public String describe() {
            return (partitions ? "partitions " : "with inheriting tables ") + names;
        }
    }

    /** The tables below {@code table}; {@code null} when reading it reads that table alone (always, on databases without either). */
    default TablesBelow tablesBelow(Connection c, TableRef table) throws SQLException {
        return null;
    }

    /** A statement refreshing the planner statistics of a table ({@code table} already quoted). */
    String analyze(String table);

    /** Which constraint a write broke, as the database reports it (each has its own SQLStates and error codes). */
    enum Violation { FOREIGN_KEY, UNIQUE, OTHER }

    /** The kind of constraint {@code e} reports broken; {@link Violation#OTHER} for anything else. */
    Violation violation(SQLException e);

    /**
     * The target column a refused write names, as far as the database's error says (a NULL, a
     * value too long, a foreign or unique key); {@code null} when it names none, as for a check
     * constraint. Shown beside the reason in {@code transfer rejects}.
     */
    String failingColumn(SQLException e);
}
