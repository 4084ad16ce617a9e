package dev.ferry.testing;

/** Two tables that point at each other, for the tests of cycles in transfer plans. */
public final class StoresCycle {
    private StoresCycle() {
    }

    /** A store's manager is a staff member, and every staff member works in a store: 10 stores, 30 staff. */
    public static final String[] SOURCE = {
        "CREATE TABLE store (id INT PRIMARY KEY, name TEXT NOT NULL, manager_staff_id INT)",
        "CREATE TABLE staff (id INT PRIMARY KEY, name TEXT NOT NULL, store_id INT NOT NULL REFERENCES store (id))",
        "ALTER TABLE store ADD CONSTRAINT store_manager FOREIGN KEY (manager_staff_id) REFERENCES staff (id)",
        "INSERT INTO store SELECT g, 'store ' || g, NULL FROM generate_series(1, 10) g",
        "INSERT INTO staff SELECT g, 'staff ' || g, 1 + g % 10 FROM generate_series(1, 30) g",
        "UPDATE store SET manager_staff_id = id + 10"};

    /** The target with new UUID keys; the manager may be NULL, a staff member's store may not. */
    public static final String[] TARGET = {
        "CREATE TABLE store (id UUID PRIMARY KEY, name TEXT NOT NULL, manager_staff_id UUID)",
        "CREATE TABLE staff (id UUID PRIMARY KEY, name TEXT NOT NULL, store_id UUID NOT NULL REFERENCES store (id))",
        "ALTER TABLE store ADD CONSTRAINT store_manager FOREIGN KEY (manager_staff_id) REFERENCES staff (id)"};

    /** Both references in the plan, no query and no update entity: Ferry finds the cycle and breaks it. */
    public static final String PLAN = """
            entities:
              store:
                from: store
                key: {column: id}
                columns: {name: name}
                references:
                  manager_staff_id: {entity: staff}
              staff:
                from: staff
                key: {column: id}
                columns: {name: name}
                references:
                  store_id: {entity: store}
            """;

    /** Stores whose manager is the staff member the source names, matched through the ID map's legacy keys. */
    public static final String RIGHT_MANAGERS = "SELECT COUNT(*) FROM store s JOIN ferry_id_map ms ON ms.entity = 'store' AND ms.new_key = s.id::text "
            + "JOIN ferry_id_map mm ON mm.entity = 'staff' AND mm.new_key = s.manager_staff_id::text "
            + "WHERE mm.legacy_key::int = ms.legacy_key::int + 10";
}
