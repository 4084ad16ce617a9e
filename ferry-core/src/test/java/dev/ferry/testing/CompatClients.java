package dev.ferry.testing;

import dev.ferry.db.Database;
import dev.ferry.rekey.Rekeys;
import dev.ferry.transfer.plan.KeyUuids;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The fixed SQL of the clinic's old and new clients, run through {@code ferry compat url} connections, on either database. */
public final class CompatClients {
    private CompatClients() {
    }

    public static Connection connect(TestDatabase db, Rekeys rekeys, String version) throws SQLException {
        return new Database(rekeys.compatUrl(version), db.user(), db.password(), 10).connect("test " + version + " client");
    }

    public static long firstLong(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** An old client: integer keys, unqualified names; inserts, updates and deletes an order. Returns the patient id of order 1. */
    public static long oldClient(Connection c, int newOrder) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO dispatch_order (id, patient_id, amount, status, created_at) VALUES (" + newOrder + ", 2, 9.50, 'new', now())");
            st.executeUpdate("UPDATE dispatch_order SET status = 'paid' WHERE id = " + newOrder);
            st.executeUpdate("DELETE FROM dispatch_order WHERE id = " + newOrder);
            return firstLong(c, "SELECT p.id FROM dispatch_order o JOIN dispatch_patient p ON p.id = o.patient_id WHERE o.id = 1");
        }
    }

    /** The reads of a new client: UUID keys under the old names. Returns the patient UUID of order 1. */
    public static String newClientReads(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT p.id FROM dispatch_order o JOIN dispatch_patient p "
                + "ON p.id = o.patient_id WHERE o.id = '" + KeyUuids.of("orders", "1") + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The writes of a new client, possible once the UUIDs are the keys: no integer anywhere. */
    public static void newClientWrites(Connection c) throws SQLException {
        String order = UUID.randomUUID().toString();
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO dispatch_order (id, patient_id, amount, status, created_at) VALUES ('" + order + "', '"
                    + KeyUuids.of("patients", "2") + "', 3.00, 'new', now())");
            st.executeUpdate("UPDATE dispatch_order SET status = 'shipped' WHERE id = '" + order + "'");
            st.executeUpdate("UPDATE dispatch_order SET patient_id = '" + KeyUuids.of("patients", "3") + "' WHERE id = '" + order + "'");
        }
    }
}
