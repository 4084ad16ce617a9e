package dev.ferry.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A table's whole content as one comparable string: row count and a hash of its sorted rows (for small test tables). */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static String of(TestDatabase db, String table) {
        try (Connection c = db.database().connect("test fingerprint"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            int n = rs.getMetaData().getColumnCount();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(rs.getString(i)).append('\u0001');
                }
                rows.add(sb.toString());
            }
            rows.sort(null);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            rows.forEach(r -> md.update((r + "\n").getBytes(StandardCharsets.UTF_8)));
            return rows.size() + ":" + HexFormat.of().formatHex(md.digest());
        } catch (SQLException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(table + ": " + e.getMessage(), e);
        }
    }
}
