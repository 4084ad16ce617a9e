package dev.ferry.spring.boot.shop;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Loads the products while the context starts: it fails unless the migrations ran before it. */
@Repository
public class ProductCatalog {
    private final List<String> loadedAtStartup;

    public ProductCatalog(JdbcTemplate jdbc) {
        this.loadedAtStartup = jdbc.queryForList("SELECT name || ' ' || currency FROM products ORDER BY id", String.class);
    }

    public List<String> loadedAtStartup() {
        return loadedAtStartup;
    }
}
