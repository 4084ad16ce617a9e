package dev.ferry.schema;

import dev.ferry.FerryException;

/**
 * A rename the user declares ({@code --rename orders=purchases}, {@code --rename orders.state=status}):
 * a diff cannot tell a renamed column from one dropped and another added, and guessing would
 * turn a data-losing drop into a rename or the other way round, so only declared renames are written.
 *
 * @param column the renamed column, {@code null} when the table itself is renamed
 */
public record SchemaRename(String table, String column, String to) {

    /** Reads {@code table=new} or {@code table.column=new}. */
    public static SchemaRename parse(String spec) {
        int eq = spec.indexOf('=');
        String from = eq < 0 ? "" : spec.substring(0, eq).strip();
        String to = eq < 0 ? "" : spec.substring(eq + 1).strip();
        int dot = from.indexOf('.');
        if (from.isEmpty() || to.isEmpty() || to.contains(".") || dot == 0 || dot == from.length() - 1 || from.indexOf('.', dot + 1) >= 0) {
            throw FerryException.invalidInput("--rename '" + spec + "' is not TABLE=NEW or TABLE.COLUMN=NEW (e.g. --rename orders.state=status)");
        }
        return dot < 0 ? new SchemaRename(from, null, to) : new SchemaRename(from.substring(0, dot), from.substring(dot + 1), to);
    }

    /** The rename that undoes this one, for the down script. */
    SchemaRename reversed() {
        return column == null ? new SchemaRename(to, null, table) : new SchemaRename(table, to, column);
    }

    @Override
    public String toString() {
        return table + (column == null ? "" : "." + column) + "=" + to;
    }
}
