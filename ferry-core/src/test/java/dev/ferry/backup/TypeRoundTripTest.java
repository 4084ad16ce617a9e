package dev.ferry.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.Ferry;
import dev.ferry.config.ConfigOverrides;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every column type of both databases survives a backup and a restore into a fresh database. The
 * restored table is compared, column by column and with the database's own equality, with a table
 * the test fills in the fresh database from the same SQL literals, so no value passes through
 * Ferry on the expected side.
 */
class TypeRoundTripTest {
    @TempDir
    Path project;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    /** A column: its type, SQL literals for the rows (fewer than the rows: NULL after them), and how to compare. */
    /** Types without an equality operator (json, xml) or whose = compares areas (geometric) are compared {@link #asText}. */
    record Column(String name, String type, String compare, String[] values) {
        static Column of(String name, String type, String... values) {
            return new Column(name, type, "%1$s IS NOT DISTINCT FROM %2$s", values);
        }

        static Column asText(String name, String type, String... values) {
            return new Column(name, type, "%1$s::text IS NOT DISTINCT FROM %2$s::text", values);
        }
    }


    private static final List<String> POSTGRES_TYPES = List.of(
            "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
            "CREATE TYPE pair AS (a int, b text)",
            "CREATE DOMAIN positive AS int CHECK (VALUE > 0)");

    private static final List<Column> POSTGRES = List.of(
            Column.of("c_smallint", "smallint", "-32768", "32767"),
            Column.of("c_integer", "integer", "-2147483648", "2147483647"),
            Column.of("c_bigint", "bigint", "-9223372036854775808", "9223372036854775807"),
            Column.of("c_numeric", "numeric(30, 10)", "12345678901234567890.0123456789", "-0.0000000001"),
            Column.of("c_numeric_any", "numeric", "'NaN'", "1e-40", "123456789012345678901234567890.5"),
            Column.of("c_real", "real", "1.2345678", "'NaN'", "'-Infinity'", "1e-45"),
            Column.of("c_double", "double precision", "0.1", "'Infinity'", "4.9e-324", "1.7976931348623157e308"),
            Column.of("c_money", "money", "'-92233720368547758.08'", "'12.34'"),
            Column.of("c_char", "character(5)", "'ab'", "'abcde'", "''"),
            Column.of("c_varchar", "varchar(20)", "'trailing  '", "'tab\tand\\back'"),
            Column.of("c_text", "text", "E'line\\nbreak\\ttab \\\\ backslash'", "''", "'ünïcødé 🚀 \\N'"),
            Column.of("c_qchar", "\"char\"", "'x'"),
            Column.of("c_name", "name", "'some_name'"),
            Column.of("c_bytea", "bytea", "'\\x00ff80fe0102'", "''", "'\\x5c4e'"),
            Column.of("c_date", "date", "'2024-02-29'", "'infinity'", "'4713-01-01 BC'"),
            Column.of("c_time", "time(6)", "'23:59:59.999999'", "'00:00'"),
            Column.of("c_timetz", "timetz", "'12:34:56.789+05:30'", "'00:00-12'"),
            Column.of("c_timestamp", "timestamp(6)", "'2024-03-10 02:30:00.000001'", "'-infinity'"),
            Column.of("c_timestamptz", "timestamptz", "'2024-11-03 01:30:00-04'", "'2024-11-03 01:30:00-05'"),
            Column.of("c_interval", "interval", "'1 year 2 mons 3 days 04:05:06.789'", "'-1 days +02:00'", "'-178000000 years'"),
            Column.of("c_boolean", "boolean", "true", "false"),
            Column.of("c_enum", "mood", "'happy'", "'sad'"),
            Column.asText("c_point", "point", "'(1.5,-2.25)'", "'(0.1,1e300)'"),
            Column.asText("c_line", "line", "'{1,-1,0}'"),
            Column.asText("c_lseg", "lseg", "'[(0,0),(1,1)]'"),
            Column.asText("c_box", "box", "'(1,1),(0,0)'"),
            Column.asText("c_path", "path", "'[(0,0),(1,1),(2,0)]'", "'((0,0),(1,1))'"),
            Column.asText("c_polygon", "polygon", "'((0,0),(1,0),(1,1))'"),
            Column.asText("c_circle", "circle", "'<(0,0),2.5>'"),
            Column.of("c_inet", "inet", "'192.168.0.1/24'", "'::1'"),
            Column.of("c_cidr", "cidr", "'10.0.0.0/8'", "'2001:db8::/32'"),
            Column.of("c_macaddr", "macaddr", "'08:00:2b:01:02:03'"),
            Column.of("c_macaddr8", "macaddr8", "'08:00:2b:01:02:03:04:05'"),
            Column.of("c_bit", "bit(4)", "B'1010'", "B'0000'"),
            Column.of("c_varbit", "bit varying(8)", "B'101'", "B''"),
            Column.of("c_tsvector", "tsvector", "'a fat:2 cat:3A'", "''"),
            Column.of("c_tsquery", "tsquery", "'fat & (rat | cat)'"),
            Column.of("c_uuid", "uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"),
            Column.asText("c_xml", "xml", "'<a b=\"1\">text &amp; more</a>'", "'just text'"),
            Column.asText("c_json", "json", "'{\"b\": 1,  \"a\": [1, 2.50]}'", "'\"\\u0000-free\"'"),
            Column.of("c_jsonb", "jsonb", "'{\"b\": 1, \"a\": [1, 2.50, null]}'", "'[]'"),
            Column.of("c_int_array", "integer[]", "'{1,NULL,3}'", "'{}'", "'{{1,2},{3,4}}'"),
            Column.of("c_text_array", "text[]", "ARRAY['a,b', 'quote\"', NULL, 'NULL', '']"),
            Column.of("c_composite", "pair", "ROW(1, 'one')", "ROW(NULL, 'x,y')"),
            Column.of("c_int4range", "int4range", "'[1,10)'", "'empty'"),
            Column.of("c_numrange", "numrange", "'(1.5,)'"),
            Column.of("c_tstzrange", "tstzrange", "'[2024-01-01 00:00+00,2024-02-01 00:00+00)'"),
            Column.of("c_daterange", "daterange", "'[2024-01-01,infinity)'"),
            Column.of("c_multirange", "int4multirange", "'{[1,3), [5,8)}'", "'{}'"),
            Column.of("c_domain", "positive", "42"),
            Column.of("c_oid", "oid", "4294967295"),
            Column.of("c_regtype", "regtype", "'integer'"),
            Column.of("c_pg_lsn", "pg_lsn", "'16/B374D848'"));

    private static final List<Column> MARIADB = List.of(
            Column.of("c_tinyint", "TINYINT", "-128", "127"),
            Column.of("c_tinyint_u", "TINYINT UNSIGNED", "255", "0"),
            Column.of("c_smallint", "SMALLINT", "-32768"),
            Column.of("c_smallint_u", "SMALLINT UNSIGNED", "65535"),
            Column.of("c_mediumint", "MEDIUMINT", "-8388608"),
            Column.of("c_mediumint_u", "MEDIUMINT UNSIGNED", "16777215"),
            Column.of("c_int", "INT", "-2147483648"),
            Column.of("c_int_u", "INT UNSIGNED", "4294967295"),
            Column.of("c_bigint", "BIGINT", "-9223372036854775808"),
            Column.of("c_bigint_u", "BIGINT UNSIGNED", "18446744073709551615"),
            Column.of("c_bool", "BOOLEAN", "1", "0"),
            Column.of("c_decimal", "DECIMAL(65, 30)", "12345678901234567890123456789012345.123456789012345678901234567890", "-0.000000000000000000000000000001"),
            Column.of("c_float", "FLOAT", "1.2345678", "-3.4028234e38", "1e-45"),
            Column.of("c_double", "DOUBLE", "0.1", "1.7976931348623157e308", "4.9e-324"),
            Column.of("c_bit1", "BIT(1)", "b'1'", "b'0'"),
            Column.of("c_bit10", "BIT(10)", "b'1000000101'"),
            Column.of("c_bit64", "BIT(64)", "b'1111111111111111111111111111111111111111111111111111111111111111'"),
            Column.of("c_char", "CHAR(5)", "'ab'", "''"),
            Column.of("c_varchar", "VARCHAR(20)", "'trailing  '", "'tab\\tand\\\\back'"),
            Column.of("c_latin1", "VARCHAR(20) CHARACTER SET latin1", "'façade'"),
            Column.of("c_tinytext", "TINYTEXT", "'tiny'"),
            Column.of("c_text", "TEXT", "'line\\nbreak \\\\N'", "''"),
            Column.of("c_mediumtext", "MEDIUMTEXT", "'ünïcødé 🚀'"),
            Column.of("c_longtext", "LONGTEXT", "REPEAT('long', 1000)"),
            Column.of("c_binary", "BINARY(6)", "x'00FF80FE0102'", "x'00'"),
            Column.of("c_varbinary", "VARBINARY(10)", "x'00FF80FE0102'", "''", "x'5C4E'"),
            Column.of("c_tinyblob", "TINYBLOB", "x'FF00'"),
            Column.of("c_blob", "BLOB", "x'00FF80FE0102'", "x'0A090D5C'"),
            Column.of("c_mediumblob", "MEDIUMBLOB", "x'80'"),
            Column.of("c_longblob", "LONGBLOB", "UNHEX(REPEAT('00FF', 5000))"),
            Column.of("c_enum", "ENUM('a', 'b')", "'b'", "'not a member'"),
            Column.of("c_set", "SET('x', 'y', 'z')", "'x,z'", "''"),
            Column.of("c_date", "DATE", "'2024-02-29'", "'0000-00-00'", "'9999-12-31'"),
            Column.of("c_time", "TIME(6)", "'-838:59:59.000000'", "'12:34:56.000001'"),
            Column.of("c_datetime", "DATETIME(6)", "'2024-03-10 02:30:00.000001'", "'1000-01-01 00:00:00'"),
            Column.of("c_timestamp", "TIMESTAMP(6) NULL", "'2038-01-19 03:14:07.999999'", "'1970-01-02 00:00:01'"),
            Column.of("c_year", "YEAR", "2024", "1901", "0"),
            Column.of("c_json", "JSON", "'{\"b\": 1,  \"a\": [1, 2.50]}'"),
            Column.of("c_point", "POINT", "POINT(1.5, -2.25)", "ST_GeomFromText('POINT(0.1 1e300)', 4326)"),
            Column.of("c_linestring", "LINESTRING", "ST_GeomFromText('LINESTRING(0 0, 1 1, 2 0)')"),
            Column.of("c_polygon", "POLYGON", "ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 0))', 4326)"),
            Column.of("c_multipoint", "MULTIPOINT", "ST_GeomFromText('MULTIPOINT(0 0, 1 1)')"),
            Column.of("c_geometry", "GEOMETRY", "ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 1 1))', 3857)",
                    "ST_GeomFromText('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))')"),
            Column.of("c_inet6", "INET6", "'2001:db8::ff00:42:8329'", "'::ffff:192.0.2.1'"),
            Column.of("c_inet4", "INET4", "'192.0.2.1'"),
            Column.of("c_uuid", "UUID", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"));

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void everyColumnTypeComesBackEqualInAFreshDatabase(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase fresh = server.create()) {
            boolean maria = source.isMariaDb();
            List<Column> columns = maria ? MARIADB : POSTGRES;
            Files.writeString(project.resolve("ferry.yaml"), "environments:\n"
                    + "  development:\n    url: " + source.url() + "\n    user: " + source.user() + "\n"
                    + "  drill:\n    url: " + fresh.url() + "\n    user: " + fresh.user() + "\n");
            for (TestDatabase db : List.of(source, fresh)) {
                if (!maria) {
                    db.exec(POSTGRES_TYPES.toArray(String[]::new));
                }
            }
            // MariaDB: an ENUM value '' and a zero date as a lenient sql_mode stores them.
            fill(source, "all_types", columns, maria);
            try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
                BackupResult backup = ferry.backups().backup(BackupOptions.DEFAULTS);
                assertThat(ferry.backups().verify(backup.archive(), null).ok()).isTrue();
                ferry.backups().restore(RestoreOptions.of(backup.archive()).withInto("drill").withConfirmed(true));
            }
            fill(fresh, "expected", columns, maria);

            List<String> differing = new ArrayList<>();
            for (Column c : columns) {
                String same = maria && c.compare().contains("IS NOT DISTINCT") ? "%1$s <=> %2$s" : c.compare();
                long bad = count(fresh, "SELECT COUNT(*) FROM all_types a JOIN expected b ON a.id = b.id WHERE NOT ("
                        + String.format(same, "a." + c.name(), "b." + c.name()) + ")");
                if (bad != 0) {
                    differing.add(c.name() + " " + c.type());
                }
            }
            assertThat(differing).as("columns whose restored values differ").isEmpty();
            assertThat(count(fresh, "SELECT COUNT(*) FROM all_types")).isEqualTo(rows(columns));
            assertThat(count(fresh, "SELECT COUNT(*) FROM all_types a JOIN expected b ON a.id = b.id")).isEqualTo(rows(columns));
        }
    }

    private static void fill(TestDatabase db, String table, List<Column> columns, boolean maria) throws Exception {
        List<String> sql = new ArrayList<>();
        if (maria) {
            sql.add("SET SESSION sql_mode = ''");
        }
        StringBuilder create = new StringBuilder("CREATE TABLE " + table + " (id INT PRIMARY KEY");
        for (Column c : columns) {
            create.append(", ").append(c.name()).append(' ').append(c.type());
        }
        sql.add(create.append(')').toString());
        for (int row = 0; row < rows(columns); row++) {
            StringBuilder insert = new StringBuilder("INSERT INTO " + table + " VALUES (" + row);
            for (Column c : columns) {
                insert.append(", ").append(row < c.values().length ? c.values()[row] : "NULL");
            }
            sql.add(insert.append(')').toString());
        }
        db.exec(sql.toArray(String[]::new));
    }

    /** One row more than the longest list of values: the last row is all NULL. */
    private static int rows(List<Column> columns) {
        return columns.stream().mapToInt(c -> c.values().length).max().orElse(0) + 1;
    }

    private static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
