package dev.ferry.db;

import java.util.List;

/** What a generator knows about the whole change while it writes the statements of one object. */
public interface DdlContext {

    /** Whether the script creates this table (its columns and constraints go into its CREATE TABLE or follow it freely). */
    boolean createdTable(String schema, String table);

    /** Whether the script drops this table (what belongs to it goes with it). */
    boolean droppedTable(String schema, String table);

    /** The objects of one kind the schema has once the script ran ({@code column} of a table, ...). */
    List<DdlObject> target(String schema, String kind);
}
