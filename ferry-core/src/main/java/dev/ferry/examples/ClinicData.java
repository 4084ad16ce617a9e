package dev.ferry.examples;

import dev.ferry.FerryException;
import dev.ferry.db.BulkWriter;
import dev.ferry.db.Catalogs;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.MariaDbDialect;
import dev.ferry.db.TableRef;
import dev.ferry.db.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * The legacy dental-clinic database Ferry's examples, demo, tests and benchmarks migrate from:
 * integer keys and old names ({@code dispatch_office}, {@code auth_user}, {@code dispatch_doctor},
 * {@code dispatch_patient}, {@code dispatch_order}), with money, timestamps, free text and JSON.
 *
 * <p>Every value is a pure function of its row id, so any scale is reproducible on PostgreSQL and
 * MariaDB alike. Scale 1.0 is 4.2 million rows: 1k offices, 200k users, 20k doctors, 1M patients
 * and 3M orders.
 */
public final class ClinicData {
    public static final List<String> TABLES = List.of("dispatch_order", "dispatch_patient", "dispatch_doctor", "auth_user", "dispatch_office");
    private static final String[] CITIES = {"Lisbon", "Porto", "Braga", "Faro", "Coimbra", "Aveiro", "Leiria", "Evora"};
    private static final String[] FIRST = {"Ana", "Joao", "Maria", "Pedro", "Ines", "Rui", "Sofia", "Tiago", "Marta", "Luis", "Eva", "Hugo"};
    private static final String[] LAST = {"Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa"};
    private static final String[] SPECIALTIES = {"orthodontics", "endodontics", "periodontics", "prosthodontics", "general"};
    private static final String[] STATUS = {"new", "paid", "shipped", "cancelled", "refunded"};
    private static final LocalDateTime EPOCH = LocalDateTime.of(2015, 1, 1, 8, 0);

    /** Row counts at a scale. */
    public record Counts(long offices, long users, long doctors, long patients, long orders) {
        public long total() {
            return offices + users + doctors + patients + orders;
        }

        public static Counts at(double scale) {
            return new Counts(Math.max(2, Math.round(1_000 * scale)), Math.max(10, Math.round(200_000 * scale)),
                    Math.max(4, Math.round(20_000 * scale)), Math.max(10, Math.round(1_000_000 * scale)), Math.max(20, Math.round(3_000_000 * scale)));
        }
    }

    private ClinicData() {
    }

    /** Drops and creates the legacy tables, then fills them. */
    public static Counts create(Database db, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw FerryException.invalidInput("--scale must be a positive number (1.0 = 4.2 million rows), not " + scale
                    + "; nothing was dropped");
        }
        Counts n = Counts.at(scale);
        Dialect d = db.dialect();
        try (Connection c = db.connect("ferry clinic generator")) {
            String schema = d.currentSchema(c);
            try (Statement st = c.createStatement()) {
                for (String t : TABLES) {
                    st.execute("DROP TABLE IF EXISTS " + d.quote(t));
                }
                for (String ddl : ddl(d)) {
                    st.execute(ddl);
                }
            }
            Transactions.run(c, "Generating the clinic data in " + db.displayUrl(), () -> {
                fill(c, d, schema, "dispatch_office", n.offices(), id -> office(id));
                fill(c, d, schema, "auth_user", n.users(), id -> user(id));
                fill(c, d, schema, "dispatch_doctor", n.doctors(), id -> doctor(id, n));
                fill(c, d, schema, "dispatch_patient", n.patients(), id -> patient(id, n));
                fill(c, d, schema, "dispatch_order", n.orders(), id -> order(id, n));
                try (Statement st = c.createStatement()) {
                    st.execute(d instanceof MariaDbDialect ? "ANALYZE TABLE dispatch_order, dispatch_patient" : "ANALYZE");
                }
            });
        } catch (SQLException e) {
            throw FerryException.sql("Generating the clinic data in " + db.displayUrl(), e);
        }
        return n;
    }

    static List<String> ddl(Dialect d) {
        boolean maria = d instanceof MariaDbDialect;
        String ts = maria ? "DATETIME(3)" : "TIMESTAMP";
        String engine = maria ? " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4" : "";
        return List.of(
                "CREATE TABLE dispatch_office (id INT PRIMARY KEY, name VARCHAR(200) NOT NULL, address VARCHAR(300), phone VARCHAR(40), "
                        + "city VARCHAR(80), created_at " + ts + " NOT NULL, deleted BOOLEAN NOT NULL DEFAULT false)" + engine,
                "CREATE TABLE auth_user (id INT PRIMARY KEY, email VARCHAR(254) NOT NULL, first_name VARCHAR(100), last_name VARCHAR(100), "
                        + "is_active BOOLEAN NOT NULL, date_joined " + ts + " NOT NULL)" + engine,
                "CREATE TABLE dispatch_doctor (id INT PRIMARY KEY, office_id INT NOT NULL REFERENCES dispatch_office (id), "
                        + "user_id INT NOT NULL REFERENCES auth_user (id), specialty VARCHAR(100), license_no VARCHAR(40))" + engine,
                "CREATE TABLE dispatch_patient (id INT PRIMARY KEY, doctor_id INT NOT NULL REFERENCES dispatch_doctor (id), "
                        + "user_id INT REFERENCES auth_user (id), birth_date DATE, notes TEXT, sex CHAR(1))" + engine,
                "CREATE TABLE dispatch_order (id INT PRIMARY KEY, patient_id INT NOT NULL REFERENCES dispatch_patient (id), "
                        + "amount NUMERIC(12, 2) NOT NULL, status VARCHAR(20) NOT NULL, details TEXT, created_at " + ts + " NOT NULL)" + engine);
    }

    private static void fill(Connection c, Dialect d, String schema, String table, long rows, LongFunction<String[]> row) throws SQLException {
        TableRef ref = new TableRef(schema, table);
        BulkWriter writer = d.bulkWriter(c, ref, Catalogs.columns(c, ref));
        List<String[]> batch = new ArrayList<>(10_000);
        for (long id = 1; id <= rows; id++) {
            batch.add(row.apply(id));
            if (batch.size() == 10_000) {
                writer.write(batch);
                batch.clear();
                c.commit();
            }
        }
        if (!batch.isEmpty()) {
            writer.write(batch);
        }
        c.commit();
    }

    /** A well-mixed, deterministic 64-bit value for (row, field). */
    static long mix(long id, int field) {
        long z = id * 0x9E3779B97F4A7C15L + field * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int pick(long id, int field, int bound) {
        return (int) Long.remainderUnsigned(mix(id, field), bound);
    }

    private static String ts(long id, int field) {
        return EPOCH.plusSeconds(Long.remainderUnsigned(mix(id, field), 9L * 365 * 24 * 3600)).toString().replace('T', ' ');
    }

    private static String[] office(long id) {
        String city = CITIES[pick(id, 1, CITIES.length)];
        return new String[] {Long.toString(id), "  Smile Clinic " + city + " #" + id + " ", id + " Rua Central, " + city,
                pick(id, 2, 10) == 0 ? "" : "+351 2" + (10_000_000 + pick(id, 3, 89_999_999)), city, ts(id, 4),
                officeDeleted(id) ? "true" : "false"};
    }

    private static String[] user(long id) {
        String first = FIRST[pick(id, 1, FIRST.length)];
        String last = LAST[pick(id, 2, LAST.length)];
        return new String[] {Long.toString(id), (first + "." + last + id + "@Example.COM").toLowerCase(Locale.ROOT).replace("example", "Example"),
                first, last, pick(id, 3, 10) == 0 ? "false" : "true", ts(id, 4)};
    }

    /** About one office in fifty is marked deleted; the example plan leaves those out. */
    private static boolean officeDeleted(long id) {
        return pick(id, 5, 50) == 0;
    }

    private static String[] doctor(long id, Counts n) {
        long office = 1 + pick(id, 1, (int) n.offices());
        for (long tries = 0; tries < n.offices() && officeDeleted(office); tries++) {
            // Doctors work in open offices, so leaving deleted offices out breaks no reference.
            office = office % n.offices() + 1;
        }
        return new String[] {Long.toString(id), Long.toString(office), Long.toString(1 + pick(id, 2, (int) n.users())),
                SPECIALTIES[pick(id, 3, SPECIALTIES.length)], "LIC-" + (100_000 + id)};
    }

    private static String[] patient(long id, Counts n) {
        LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(pick(id, 3, 30_000));
        String notes = switch (pick(id, 4, 4)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "Allergic to latex;\tprefers\nmorning visits";
            default -> "Follow-up in " + (1 + pick(id, 5, 12)) + " months, \"urgent\" if pain \\ swelling";
        };
        return new String[] {Long.toString(id), Long.toString(1 + pick(id, 1, (int) n.doctors())),
                pick(id, 2, 5) == 0 ? null : Long.toString(1 + pick(id, 6, (int) n.users())), birth.toString(), notes,
                pick(id, 7, 2) == 0 ? "F" : "M"};
    }

    private static String[] order(long id, Counts n) {
        long cents = 500 + Long.remainderUnsigned(mix(id, 2), 250_000);
        String amount = cents / 100 + "." + String.format(Locale.ROOT, "%02d", cents % 100);
        String details = "{\"items\": " + (1 + pick(id, 3, 9)) + ", \"currency\": \"EUR\", \"aligner\": {\"stage\": " + pick(id, 4, 30) + "}}";
        return new String[] {Long.toString(id), Long.toString(1 + pick(id, 1, (int) n.patients())), amount,
                STATUS[pick(id, 5, STATUS.length)], details, ts(id, 6)};
    }
}
