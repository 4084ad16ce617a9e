package dev.ferry.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each dialect hands out every per-concern part, once, and the DDL both databases share says the same. */
class DialectPartsTest {
    private static final List<Dialect> DIALECTS = List.of(new PostgresDialect(), new MariaDbDialect());

    @Test
    void everyDialectHandsOutEachPartOnce() throws Exception {
        List<Method> parts = Arrays.stream(Dialect.class.getMethods())
                .filter(m -> m.getParameterCount() == 0 && m.getReturnType().isInterface())
                .toList();
        assertThat(parts).extracting(Method::getName)
                .contains("protection", "history", "locks", "transfer", "hashing", "integrity", "archive", "seeds", "tableCopies");
        for (Dialect d : DIALECTS) {
            for (Method part : parts) {
                Object first = part.invoke(d);
                assertThat(first).as(d.name() + " " + part.getName()).isNotNull();
                assertThat(part.invoke(d)).as(d.name() + " " + part.getName()).isSameAs(first);
            }
        }
    }

    @Test
    void ferrysOwnTablesHaveTheSameColumnsOnBothDatabases() {
        Dialect postgres = DIALECTS.get(0);
        Dialect mariaDb = DIALECTS.get(1);
        assertThat(columns(mariaDb.history().createHistoryTable("h"))).isEqualTo(columns(postgres.history().createHistoryTable("h")))
                .contains("installed_rank", "down_script", "error_detail");
        assertThat(columns(mariaDb.transfer().transferStateTables("s")))
                .isEqualTo(columns(postgres.transfer().transferStateTables("s")))
                .contains("run_id", "legacy_key", "row_data", "definition");
        assertThat(columns(List.of(mariaDb.seeds().createSeedHistoryTable("sh"))))
                .isEqualTo(columns(List.of(postgres.seeds().createSeedHistoryTable("sh"))))
                .contains("environment", "applied_at");
    }

    @Test
    void theColumnsAddedToTransferStateAfterTheFirstReleaseAreTheSameStatementsOnBothDatabases() {
        List<String> postgres = DIALECTS.get(0).transfer().transferStateTables("s");
        List<String> mariaDb = DIALECTS.get(1).transfer().transferStateTables("s");
        // MariaDB's TEXT holds 64 KB; its LONGTEXT is PostgreSQL's TEXT.
        assertThat(mariaDb.stream().filter(st -> st.startsWith("ALTER TABLE")).map(st -> st.replace('`', '"').replace("LONGTEXT", "TEXT")))
                .isNotEmpty()
                .containsExactlyElementsOf(postgres.stream().filter(st -> st.startsWith("ALTER TABLE")).toList());
    }

    /** The column names declared by CREATE TABLE statements, in order. */
    private static List<String> columns(List<String> ddl) {
        Pattern column = Pattern.compile("(?:\\(|, )([a-z_]+) [A-Z]");
        return ddl.stream().filter(s -> s.startsWith("CREATE TABLE"))
                .flatMap(s -> column.matcher(s).results().map(r -> r.group(1))).toList();
    }
}
