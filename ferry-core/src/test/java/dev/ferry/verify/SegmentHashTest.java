package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.db.Database;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.verify.ExpectedRows;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferOptions;
import dev.ferry.transfer.Transfers;
import dev.ferry.transfer.plan.PlanLoader;
import dev.ferry.transfer.transform.Transforms;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Standard verification hashes key segments inside the target database and in Ferry; these tests
 * prove both sides hash every column type alike on each server (no segment needs a closer look
 * after a clean transfer) and that a difference is still named down to the row.
 */
class SegmentHashTest {
    @TempDir
    Path dir;

    private final Transforms transforms = new Transforms(getClass().getClassLoader());

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    private List<Finding> verify(Path plan, TestDatabase source, TestDatabase target) {
        try (ExpectedRows expected = ExpectedRows.open(new PlanLoader(Map.of(), transforms).load(plan), source.database(),
                target.database(), transforms)) {
            return new PlanVerifier(expected, target.database()).verify(VerifyLevel.STANDARD, List.of());
        }
    }

    private void transfer(Path plan, TestDatabase source, TestDatabase target) {
        Database s = source.database();
        Database t = target.database();
        new Transfers(new PlanLoader(Map.of(), transforms).load(plan), spec -> spec.url().equals(source.url()) ? s : t, transforms,
                dir.resolve(".ferry"), TransferListener.NONE).run(TransferOptions.DEFAULTS);
    }

    private static Finding content(List<Finding> findings, String entity) {
        return findings.stream().filter(f -> f.check().equals("content") && f.subject().equals(entity)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void everyColumnTypeHashesAlikeInTheTargetAndInFerry(TestServer server) throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = server.create()) {
            ClinicProject.fillSource(source, 0.001);
            if (target.isMariaDb()) {
                ClinicProject.createMariaDbTarget(target);
            } else {
                ClinicProject.migrateTarget(target, dir);
            }
            Path plan = ClinicProject.plan(dir, source, target);
            transfer(plan, source, target);

            List<Finding> clean = verify(plan, source, target);
            for (String entity : ClinicProject.targetTables()) {
                assertThat(content(clean, entity).status()).isEqualTo(CheckStatus.PASSED);
                // A PostgreSQL source hashes itself for a PostgreSQL target; for MariaDB, Ferry hashes the source.
                assertThat(content(clean, entity).message()).as(entity)
                        .endsWith(target.isMariaDb() ? "hashed in the target database and by Ferry, all equal)" : "hashed in both databases, all equal)");
            }

            target.exec("UPDATE orders SET status = 'tampered' WHERE CAST(id AS CHAR(36)) = "
                    + "(SELECT new_key FROM ferry_id_map WHERE entity = 'orders' AND legacy_key = '12')");
            source.exec("DELETE FROM dispatch_order WHERE id = 13");
            Finding orders = content(verify(plan, source, target), "orders");
            assertThat(orders.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(orders.message()).startsWith("0 missing, 1 changed, 1 extra");
            assertThat(orders.sample()).anyMatch(x -> x.startsWith("changed: legacy key 12 ") && x.contains("status: expected"))
                    .anyMatch(x -> x.startsWith("extra: legacy key 13 "));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aValueMovedFromOneRowToAnotherIsNamedInBothRows(TestServer server) throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = server.create()) {
            source.exec("CREATE TABLE legacy_item (id bigint PRIMARY KEY, name text NOT NULL, price numeric(12, 2))",
                    "INSERT INTO legacy_item SELECT g, 'item ' || g, g / 100.0 FROM generate_series(1, 5000) g");
            target.exec("CREATE TABLE items (id " + (target.isMariaDb() ? "char(36)" : "uuid") + " PRIMARY KEY, name varchar(40) NOT NULL, "
                    + "price numeric(12, 2))");
            Path plan = Projects.transferPlan(dir.resolve("items.yaml"), source, target,
                    "entities:\n  items:\n    from: legacy_item\n    to: items\n    key: {column: id}\n    columns: {name: name, price: price}\n");
            transfer(plan, source, target);
            // Two rows of one segment trade names: the segment's column terms still add up to the same sum.
            target.exec("UPDATE items SET name = CASE name WHEN 'item 100' THEN 'item 200' ELSE 'item 100' END WHERE name IN ('item 100', 'item 200')");

            Finding items = content(verify(plan, source, target), "items");

            assertThat(items.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(items.message()).startsWith("0 missing, 2 changed, 0 extra");
            assertThat(items.sample()).hasSize(2).anyMatch(x -> x.startsWith("changed: legacy key 100 ") && x.contains("name: expected"))
                    .anyMatch(x -> x.startsWith("changed: legacy key 200 "));
        }
    }

    @Test
    void theTargetJoinsOnlyKeysAndPartialHashesToTheIdMapNotItsRows() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_item (id bigint PRIMARY KEY, notes text NOT NULL)",
                    "INSERT INTO legacy_item SELECT g, repeat('note ', 100) || g FROM generate_series(1, 2000) g");
            target.exec("CREATE TABLE items (id uuid PRIMARY KEY, notes text NOT NULL)");
            Path plan = Projects.transferPlan(dir.resolve("items.yaml"), source, target,
                    "entities:\n  items:\n    from: legacy_item\n    to: items\n    key: {column: id}\n    columns: {notes: notes}\n");
            transfer(plan, source, target);
            target.exec("ANALYZE");
            String sql;
            try (ExpectedRows expected = ExpectedRows.open(new PlanLoader(Map.of(), transforms).load(plan), source.database(),
                    target.database(), transforms)) {
                ExpectedRows.Entity items = expected.entities().stream().filter(e -> e.name().equals("items")).findFirst().orElseThrow();
                sql = new SegmentComparison(expected, target.database(), items, java.util.Set.of()).targetSegmentsSql(1024);
            }

            List<String> explained = new java.util.ArrayList<>();
            try (java.sql.Connection c = target.database().connect("test"); java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("EXPLAIN (VERBOSE, COSTS OFF) " + sql.replace("?", "'items'"))) {
                while (rs.next()) {
                    explained.add(rs.getString(1).strip());
                }
            }
            // The scan of the target table itself hashes each row: what goes up into the join is its key text and one number.
            int scan = explained.indexOf(explained.stream().filter(l -> l.contains("Scan on public.items")).findFirst().orElseThrow());
            assertThat(explained.get(scan + 1)).as(String.join("\n", explained)).startsWith("Output: (t.id)::text, ").contains("hashtextextended(t.notes");
        }
    }

    @Test
    void standardNamesTheOneChangedRowAmongAMillion() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_item (id bigint PRIMARY KEY, name text NOT NULL, price numeric(12, 2), added timestamp)",
                    "INSERT INTO legacy_item SELECT g, 'item ' || g, (g % 10000) / 100.0, timestamp '2020-01-01' + g * interval '1 second' "
                            + "FROM generate_series(1, 1000000) g");
            target.exec("CREATE TABLE items (id uuid PRIMARY KEY, name text NOT NULL, price numeric(12, 2), added timestamp)");
            Path plan = Projects.transferPlan(dir.resolve("items.yaml"), source, target,
                    "entities:\n  items:\n    from: legacy_item\n    to: items\n    key: {column: id}\n"
                    + "    columns: {name: name, price: price, added: added}\n");
            transfer(plan, source, target);
            target.exec("UPDATE items SET price = price + 0.01 WHERE id::text = "
                    + "(SELECT new_key FROM ferry_id_map WHERE entity = 'items' AND legacy_key = '765432')");

            Finding items = content(verify(plan, source, target), "items");

            assertThat(items.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(items.message()).startsWith("0 missing, 1 changed, 0 extra (of 1000000 expected;")
                    .containsPattern("key segment\\(s\\) hashed in both databases, 1 compared row by row in \\d+\\.\\d\\d s\\)$");
            assertThat(items.sample()).singleElement().asString().startsWith("changed: legacy key 765432 ").contains("price: expected");
        }
    }

    @Test
    void theSourceDatabaseComputesEveryBuiltInMappingAsFerryDoes() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_thing (id integer PRIMARY KEY, a text, b varchar(20), c text, doc text, flag text, n text, at text)",
                    "INSERT INTO legacy_thing VALUES "
                            + "(1, '  Mixed Case  ', 'x', 'tel 555-12 34', '{\"k\": {\"v\": 2.50}, \"s\": \" in \"}', 'Y', '12.3', '2024-02-29T10:11:12.500'),"
                            + "(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                            + "(3, '', '', '', '  ', 'N', '-0', '2024-01-01 00:00:00'),"
                            + "(4, 'tab\there   and  spaces', 'ü', '0', '{\"k\": [1, 2], \"s\": null}', '?', '1e2', '2024-03-01')");
            target.exec("CREATE TABLE things (id uuid PRIMARY KEY, lower_a text, upper_a text, collapsed text, digits text, short text, "
                    + "tagged text, joined text, fixed text, nested text, whole jsonb, s text, yes_no boolean, mapped text, amount numeric(10, 2), "
                    + "at timestamp, dflt text)");
            Path plan = Projects.transferPlan(dir.resolve("things.yaml"), source, target,
                    "defaults: {max_rejects: 50%}\n" // row 3's blank document cannot be loaded into jsonb
                    + "entities:\n  things:\n    from: legacy_thing\n    to: things\n    key: {column: id}\n    columns:\n"
                    + "      lower_a: {from: a, transform: [trim, lower]}\n"
                    + "      upper_a: {from: a, transform: [upper, null_if_empty]}\n"
                    + "      collapsed: {from: a, transform: [collapse_spaces]}\n"
                    + "      digits: {from: c, transform: [digits]}\n"
                    + "      short: {from: a, transform: ['truncate:4']}\n"
                    + "      tagged: {from: b, transform: ['prefix:<', 'suffix:>']}\n"
                    + "      joined: {concat: [b, c], separator: ' / '}\n"
                    + "      fixed: {const: same}\n"
                    + "      nested: {from: doc, json: $.k.v}\n"
                    + "      whole: doc\n"
                    + "      s: {from: doc, json: s, transform: [trim]}\n"
                    + "      yes_no: {from: flag, map: {Y: 'true', N: 'false', '*': 'false'}}\n"
                    + "      mapped: {from: flag, map: {Y: yes, N: no, '*': other}}\n"
                    + "      amount: n\n"
                    + "      at: at\n"
                    + "      dflt: {from: b, default: none}\n");
            transfer(plan, source, target);

            Finding things = content(verify(plan, source, target), "things");

            assertThat(things.status()).as(things.message() + " " + things.sample()).isEqualTo(CheckStatus.PASSED);
            assertThat(things.message()).endsWith("hashed in both databases, all equal)");
        }
    }

    @Test
    void whenTheSourceDatabaseCannotComputeAValueFerryHashesTheSourceInstead() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_doc (id integer PRIMARY KEY, body text)",
                    "INSERT INTO legacy_doc SELECT g, '{\"n\": ' || g || '}' FROM generate_series(1, 50) g");
            target.exec("CREATE TABLE docs (id uuid PRIMARY KEY, n integer, body jsonb)");
            Path plan = Projects.transferPlan(dir.resolve("docs.yaml"), source, target,
                    "entities:\n  docs:\n    from: legacy_doc\n    to: docs\n    key: {column: id}\n"
                    + "    columns: {n: {from: body, json: n}, body: body}\n");
            transfer(plan, source, target);
            source.exec("UPDATE legacy_doc SET body = '{not json' WHERE id = 7");

            Finding docs = content(verify(plan, source, target), "docs");

            // The plan now rejects row 7, so the target's copy of it is extra; the SQL cast of the
            // broken document failed, and Ferry computed the expected rows itself.
            assertThat(docs.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(docs.message()).startsWith("0 missing, 0 changed, 1 extra").contains("hashed in the target database and by Ferry");
            assertThat(docs.sample()).anyMatch(x -> x.startsWith("the source database could not hash docs"))
                    .anyMatch(x -> x.startsWith("extra: legacy key 7 "));
        }
    }
    @Test
    void aTargetThatDoesNotStoreTextAsUtf8IsComparedRowByRow() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create();
             TestDatabase target = TestServer.embeddedPostgres().create("ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")) {
            // Enough rows for more segments than are ever located one by one.
            source.exec("CREATE TABLE legacy_word (id integer PRIMARY KEY, word text)",
                    "INSERT INTO legacy_word SELECT g, 'café ' || g FROM generate_series(1, 300000) g");
            target.exec("CREATE TABLE words (id uuid PRIMARY KEY, word text)");
            Path plan = Projects.transferPlan(dir.resolve("words.yaml"), source, target,
                    "entities:\n  words:\n    from: legacy_word\n    to: words\n    key: {column: id}\n    columns: {word: word}\n");
            transfer(plan, source, target);

            Finding words = content(verify(plan, source, target), "words");

            // Hashes of LATIN1 bytes never agree with hashes of UTF-8 ones: no hashing, so no false alarm.
            assertThat(words.status()).as(words.message()).isEqualTo(CheckStatus.PASSED);
            assertThat(words.message()).endsWith("(compared row by row)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aSourceWithNothingForFerryToAddSumsItsSegmentsAsFerrySumsItsRows(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase target = server.create()) {
            StringBuilder rows = new StringBuilder();
            for (int id = -2500; id <= 2500; id++) {
                rows.append(rows.length() == 0 ? "" : ", ").append('(').append(id).append(", ")
                        .append(id % 7 == 0 ? "NULL" : "'label " + id + "'").append(", ").append(id / 4.0).append(')');
            }
            source.exec("CREATE TABLE legacy_entry (id integer PRIMARY KEY, label varchar(40), amount numeric(10, 2))",
                    "INSERT INTO legacy_entry VALUES " + rows);
            target.exec("CREATE TABLE entries (id " + (target.isMariaDb() ? "char(36)" : "uuid") + " PRIMARY KEY, label varchar(40), "
                    + "amount numeric(10, 2))");
            Path plan = Projects.transferPlan(dir.resolve("entries.yaml"), source, target,
                    "entities:\n  entries:\n    from: legacy_entry\n    to: entries\n    key: {column: id}\n"
                    + "    columns: {label: label, amount: amount}\n");
            // Rejected keys are left out in SQL on PostgreSQL; MariaDB has no arrays, and Ferry hashes such a source itself.
            java.util.Set<String> excluded = target.isMariaDb() ? java.util.Set.of() : java.util.Set.of("-7", "1024");
            try (ExpectedRows expected = ExpectedRows.open(new PlanLoader(Map.of(), transforms).load(plan), source.database(),
                    target.database(), transforms)) {
                Map<Long, long[]> streamed = new java.util.HashMap<>();
                expected.sourceRowHashes("entries", target.database().dialect(), -2500, 2500, excluded, null, (key, hash, values) -> {
                    long[] seg = streamed.computeIfAbsent(key / 1024, k -> new long[2]);
                    seg[0]++;
                    seg[1] += hash;
                });

                Map<Long, long[]> summed = expected.sourceSegmentHashes("entries", target.database().dialect(), -2500, 2500, 1024, excluded);

                assertThat(summed).isNotNull().hasSameSizeAs(streamed).hasSize(5); // -2, -1, 0 (from -1023 to 1023), 1, 2
                streamed.forEach((seg, sums) -> assertThat(summed.get(seg)).as("segment " + seg).containsExactly(sums));
                assertThat(summed.get(0L)[0]).isEqualTo(2047 - (excluded.isEmpty() ? 0 : 1));
            }
        }
    }
}
