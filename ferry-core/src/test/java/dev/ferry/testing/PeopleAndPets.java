package dev.ferry.testing;

import java.nio.file.Path;

/**
 * A legacy people table and its pets, moved into UUID-keyed tables: three people the target
 * refuses (17: a kind the plan does not map, 5: a negative age its CHECK refuses, 9: no name for
 * a NOT NULL column), and with them the six pets that refer to them.
 */
public final class PeopleAndPets {
    private PeopleAndPets() {
    }

    public static void create(TestDatabase source, TestDatabase target) throws Exception {
        source.exec("CREATE TABLE legacy_people (id INT PRIMARY KEY, name VARCHAR(40), kind VARCHAR(5), age INT)",
                "CREATE TABLE legacy_pets (id INT PRIMARY KEY, owner_id INT REFERENCES legacy_people (id), name VARCHAR(40))");
        StringBuilder people = new StringBuilder("INSERT INTO legacy_people VALUES ");
        for (int i = 1; i <= 30; i++) {
            people.append(i == 1 ? "" : ", ").append("(").append(i).append(", 'person ").append(i).append("', '")
                    .append(i % 2 == 0 ? "a" : "c").append("', ").append(i).append(")");
        }
        StringBuilder pets = new StringBuilder("INSERT INTO legacy_pets VALUES ");
        for (int i = 1; i <= 60; i++) {
            pets.append(i == 1 ? "" : ", ").append("(").append(i).append(", ").append(1 + i % 30).append(", 'pet ").append(i).append("')");
        }
        source.exec(people.toString(), pets.toString(),
                "UPDATE legacy_people SET kind = 'x' WHERE id = 17", "UPDATE legacy_people SET age = -1 WHERE id = 5",
                "UPDATE legacy_people SET name = NULL WHERE id = 9");
        target.exec("CREATE TABLE people (id UUID PRIMARY KEY, name VARCHAR(40) NOT NULL, kind VARCHAR(10) NOT NULL, "
                        + "age INT CHECK (age >= 0))",
                "CREATE TABLE pets (id UUID PRIMARY KEY, owner_id UUID NOT NULL REFERENCES people (id), "
                        + "name VARCHAR(40))");
    }

    public static Path plan(Path dir, TestDatabase source, TestDatabase target) {
        return Projects.transferPlan(dir.resolve("plan.yaml"), source, target, "defaults:\n  batch_size: 10\n  max_rejects: 20\nentities:\n"
                + "  people:\n    from: legacy_people\n    to: people\n    key: {column: id}\n    columns:\n"
                + "      name: name\n      kind: {from: kind, map: {a: adult, c: child}}\n      age: age\n"
                + "  pets:\n    from: legacy_pets\n    to: pets\n    key: {column: id}\n    columns:\n      name: name\n"
                + "    references:\n      owner_id: {from: owner_id, entity: people}\n");
    }

    /** Puts the three people in the source back as the others are (all three ids are odd: kind 'c'), so that everything transfers. */
    public static void fixSource(TestDatabase source) throws Exception {
        source.exec("UPDATE legacy_people SET kind = 'c', age = id, name = CONCAT('person ', id) WHERE id IN (5, 9, 17)");
    }
}
