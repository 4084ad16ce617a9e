package dev.ferry.example.harbor;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the berth list once at start-up (a cache warmed early, as many applications do); it can,
 * because Spring Boot creates it only after Ferry has migrated the database.
 */
@Repository
public class BoatRepository {
    private final JdbcClient jdbc;
    private final int boatsAtStartup;

    public BoatRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.boatsAtStartup = jdbc.sql("SELECT count(*) FROM boats").query(Integer.class).single();
    }

    public List<Boat> findAll() {
        return jdbc.sql("SELECT name, berth, home_port, berth_length FROM boats ORDER BY berth")
                .query((rs, n) -> new Boat(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getInt(4))).list();
    }

    public int boatsAtStartup() {
        return boatsAtStartup;
    }
}
