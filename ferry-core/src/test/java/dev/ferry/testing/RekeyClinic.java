package dev.ferry.testing;

import dev.ferry.examples.ClinicData;
import dev.ferry.rekey.RekeyPlanLoader;
import dev.ferry.rekey.Rekeys;
import dev.ferry.transfer.plan.KeyUuids;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The legacy clinic as the rekey tests use it: a small generated database and the plan that re-keys it as the clinic transfer would. */
public final class RekeyClinic {
    public static final String PLAN = """
            rekey:
              tables:
                dispatch_office: {key: id, entity: offices}
                auth_user: {key: id, entity: profiles}
                dispatch_doctor: {key: id, entity: doctors}
                dispatch_patient: {key: id, entity: patients}
                dispatch_order: {key: id, entity: orders}
              batch: 100
              lock_timeout: 500ms
              before_expand: none
            """;

    /** Each re-keyed column, the entity its UUID is derived in, and the UUID twin: table, integer column, entity. */
    public static final List<String[]> KEYS = List.of(
            new String[] {"dispatch_office", "id", "offices"}, new String[] {"auth_user", "id", "profiles"},
            new String[] {"dispatch_doctor", "id", "doctors"}, new String[] {"dispatch_doctor", "office_id", "offices"},
            new String[] {"dispatch_doctor", "user_id", "profiles"}, new String[] {"dispatch_patient", "id", "patients"},
            new String[] {"dispatch_patient", "doctor_id", "doctors"}, new String[] {"dispatch_patient", "user_id", "profiles"},
            new String[] {"dispatch_order", "id", "orders"}, new String[] {"dispatch_order", "patient_id", "patients"});

    /** Columns, constraints, indexes, triggers, functions, extensions and column comments of the current schema, as one text. */
    private static final String CATALOG = "SELECT string_agg(x, E'\\n' ORDER BY x) FROM ("
            + "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || ordinal_position || ' ' "
            + "|| COALESCE(col_description(to_regclass(table_name)::oid, ordinal_position::int), '-') x "
            + "FROM information_schema.columns WHERE table_schema = current_schema() "
            + "UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated "
            + "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace "
            + "UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            + "UNION ALL SELECT 'index valid ' || indexrelid::regclass || ' ' || indisvalid FROM pg_index "
            + "WHERE indrelid IN (SELECT oid FROM pg_class WHERE relnamespace = current_schema()::regnamespace) "
            + "UNION ALL SELECT 'trigger ' || tgname || ' ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal "
            + "UNION ALL SELECT 'function ' || oid::regprocedure || ' ' || md5(prosrc) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace "
            + "UNION ALL SELECT 'extension ' || extname FROM pg_extension) s";

    private RekeyClinic() {
    }

    public static Stream<TestServer> postgres() {
        return TestServer.all().filter(s -> s.kind() == TestServer.Kind.POSTGRES);
    }

    public static Path plan(Path dir) throws Exception {
        Path file = dir.resolve("rekey.yaml");
        Files.writeString(file, PLAN);
        return file;
    }

    public static Rekeys rekeys(TestDatabase db, Path dir) throws Exception {
        ClinicData.create(db.database(), 0.0005);
        return new Rekeys(new RekeyPlanLoader(Map.of()).load(plan(dir)), db::database, dir.resolve(".ferry"));
    }

    /**
     * Rows whose UUID twin is not the UUID a transfer derives from the integer (by {@link KeyUuids},
     * in Java): every mismatch as "table.column=value", empty when every row with an integer agrees.
     */
    public static List<String> mismatches(TestDatabase db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement()) {
            for (String[] k : KEYS) {
                try (ResultSet rs = st.executeQuery("SELECT " + k[1] + ", " + k[1] + "_uuid FROM " + k[0])) {
                    while (rs.next()) {
                        String legacy = rs.getString(1);
                        String uuid = rs.getString(2);
                        // A row without the integer form was written by a new client after the switch: it has only a UUID.
                        if (legacy != null && !KeyUuids.of(k[2], legacy).toString().equals(uuid)) {
                            out.add(k[0] + "." + k[1] + "=" + legacy + " has " + uuid);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The PostgreSQL catalog of the current schema as one comparable text: what abort must give back, and what two runs must agree on. */
    public static String catalog(TestDatabase db) throws Exception {
        return text(db, CATALOG);
    }

    /** Every row of the re-keyed tables, as one digest per table in key order. */
    public static String rows(TestDatabase db) throws Exception {
        List<String> out = new ArrayList<>();
        for (String table : List.of("dispatch_office", "auth_user", "dispatch_doctor", "dispatch_patient", "dispatch_order")) {
            out.add(table + " " + text(db, "SELECT count(*) || ' ' || md5(string_agg(t::text, ',' ORDER BY t.id_uuid)) FROM " + table + " t"));
        }
        return String.join("\n", out);
    }

    /** The first column of the first row as text, {@code null} when there is no row. */
    public static String text(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    public static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first two columns of every row, as text, keyed by the first: one query where a test checks many rows. */
    public static Map<String, String> pairs(TestDatabase db, String sql) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }
}
