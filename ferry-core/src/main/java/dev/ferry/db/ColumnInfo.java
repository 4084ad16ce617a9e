package dev.ferry.db;

import java.util.Locale;

/** A table column as the database describes it. */
public record ColumnInfo(String name, String dataType, Long maxLength, Integer precision, Integer scale, boolean nullable,
                         boolean hasDefault) {

    public ColumnInfo {
        // Lower-cased once: type() is asked for every value compared or written.
        dataType = dataType.toLowerCase(Locale.ROOT);
    }

    public String type() {
        return dataType;
    }

    public boolean isInteger() {
        String t = type();
        return t.equals("integer") || t.equals("bigint") || t.equals("smallint") || t.equals("int") || t.equals("mediumint")
                || t.equals("tinyint");
    }

    /** Booleans, and the small integer and bit types MariaDB stores them in. */
    public boolean isBooleanLike() {
        String t = type();
        return t.equals("boolean") || t.equals("bool") || t.equals("bit") || t.equals("tinyint");
    }

    public boolean isDateTime() {
        String t = type();
        return t.startsWith("timestamp") || t.equals("datetime");
    }

    /** Bytes rather than characters: PostgreSQL bytea, MariaDB BINARY, VARBINARY and the BLOBs. */
    public boolean isBinary() {
        String t = type();
        return t.equals("bytea") || t.equals("binary") || t.equals("varbinary") || t.endsWith("blob");
    }

    /**
     * Whether the value is bytes the text form would not carry exactly: the binary types, and on
     * MariaDB BIT and the spatial types (read as their stored bytes, the SRID first, then WKB).
     */
    public boolean holdsBytes() {
        return isBinary() || type().equals("bit") || (isSpatial() && !type().equals("line") && !type().equals("lseg")
                && !type().equals("box") && !type().equals("path") && !type().equals("circle"));
    }

    /**
     * A bit string wider than one bit (PostgreSQL {@code bit(n)}, MariaDB {@code BIT(n)}), carried as
     * its digits ({@code 0110}) rather than as a boolean or a number.
     */
    public boolean isBitString() {
        return type().equals("bit") && bitWidth() > 1;
    }

    /** The number of bits of a {@code bit} column: PostgreSQL gives it as a length, MariaDB as a precision. */
    public int bitWidth() {
        return maxLength != null ? maxLength.intValue() : precision != null ? precision : 1;
    }

    /** MariaDB's compact UUID column, BINARY(16): Ferry writes its UUIDs into it as their 16 bytes. */
    public boolean isUuidBinary() {
        return type().equals("binary") && maxLength != null && maxLength == 16;
    }

    /** Geometries: MariaDB's spatial types and PostgreSQL's geometric ones. */
    public boolean isSpatial() {
        return switch (type()) {
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection",
                 "line", "lseg", "box", "path", "circle" -> true;
            default -> false;
        };
    }

    public boolean isTextual() {
        String t = type();
        return t.contains("char") || t.contains("text");
    }
}
