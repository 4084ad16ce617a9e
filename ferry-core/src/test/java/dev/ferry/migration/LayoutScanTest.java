package dev.ferry.migration;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutScanTest {
    @TempDir
    Path dir;

    private ScanResult scan(Path... locations) {
        return new MigrationScanner("auto").scan(List.of(locations));
    }

    @Test
    void readsFlywayVersionedUndoAndRepeatableScripts() {
        write(dir.resolve("V1__create_users.sql"), "CREATE TABLE users (id INT);");
        write(dir.resolve("U1__create_users.sql"), "DROP TABLE users;");
        write(dir.resolve("V1.2__add_index.sql"), "CREATE INDEX i ON users (id);");
        write(dir.resolve("sub/V2_5_3__nested.sql"), "SELECT 1;");
        write(dir.resolve("V4_99_1561608282__timestamped.sql"), "SELECT 1;");
        write(dir.resolve("R__views.sql"), "CREATE OR REPLACE VIEW v AS SELECT 1;");
        write(dir.resolve("README.md"), "notes");
        write(dir.resolve("beforeMigrate.sql"), "SELECT 1;");
        ScanResult r = scan(dir);
        assertThat(r.errors()).isEmpty();
        assertThat(r.migrations()).extracting(m -> m.version() == null ? "R" : m.version().toString())
                .containsExactly("1", "1.2", "2.5.3", "4.99.1561608282", "R");
        assertThat(r.migrations().get(0).down()).isEqualTo("DROP TABLE users;");
        assertThat(r.migrations().get(0).description()).isEqualTo("create users");
        assertThat(r.notes()).anyMatch(n -> n.contains("README.md") && n.contains("ignored"));
        assertThat(r.callbacks()).extracting(CallbackScript::event).containsExactly(CallbackEvent.BEFORE_MIGRATE);
    }

    @Test
    void readsGolangMigratePairs() {
        write(dir.resolve("000001_create_users.up.sql"), "CREATE TABLE users (id INT);");
        write(dir.resolve("000001_create_users.down.sql"), "DROP TABLE users;");
        write(dir.resolve("000002_add_email.up.sql"), "ALTER TABLE users ADD email TEXT;");
        ScanResult r = scan(dir);
        assertThat(r.errors()).isEmpty();
        assertThat(r.migrations()).extracting(m -> m.version().toString()).containsExactly("000001", "000002");
        assertThat(r.migrations().get(0).hasDown()).isTrue();
        assertThat(r.migrations().get(1).hasDown()).isFalse();
    }

    @Test
    void readsDieselFoldersAndTheirTransactionSetting() {
        write(dir.resolve("2024-01-31-101500_create_users/up.sql"), "CREATE TABLE users (id INT);");
        write(dir.resolve("2024-01-31-101500_create_users/down.sql"), "DROP TABLE users;");
        write(dir.resolve("2024-02-01-000000_index/up.sql"), "CREATE INDEX CONCURRENTLY i ON users (id);");
        write(dir.resolve("2024-02-01-000000_index/metadata.toml"), "run_in_transaction = false\n");
        ScanResult r = scan(dir);
        assertThat(r.errors()).isEmpty();
        assertThat(r.migrations()).extracting(m -> m.version().toString()).containsExactly("20240131101500", "20240201000000");
        assertThat(r.migrations().get(0).script()).isEqualTo("2024-01-31-101500_create_users/up.sql");
        assertThat(r.migrations().get(1).noTransaction()).isTrue();
    }

    @Test
    void readsDbmateSectionsWithTheirLineNumbers() {
        write(dir.resolve("20240101000000_users.sql"),
                "-- migrate:up\nCREATE TABLE users (id INT);\n\n-- migrate:down\nDROP TABLE users;\n");
        ScanResult r = scan(dir);
        Migration m = r.migrations().get(0);
        assertThat(m.up().strip()).isEqualTo("CREATE TABLE users (id INT);");
        assertThat(m.down().strip()).isEqualTo("DROP TABLE users;");
        assertThat(new dev.ferry.db.PostgresDialect().splitter().split(m.up(), m.upLine()).get(0).line()).isEqualTo(2);
        assertThat(new dev.ferry.db.PostgresDialect().splitter().split(m.down(), m.downLine()).get(0).line()).isEqualTo(5);
    }

    @Test
    void severalLocationsMergeIntoOneOrderedSequence() {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        write(a.resolve("V1__one.sql"), "SELECT 1;");
        write(a.resolve("V3__three.sql"), "SELECT 3;");
        write(b.resolve("V2__two.sql"), "SELECT 2;");
        write(b.resolve("V10__ten.sql"), "SELECT 10;");
        assertThat(scan(a, b).migrations()).extracting(m -> m.version().toString()).containsExactly("1", "2", "3", "10");
    }

    @Test
    void duplicateVersionsAreReportedNamingBothFiles() {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        write(a.resolve("V2__from_main.sql"), "SELECT 1;");
        write(b.resolve("V2__from_feature.sql"), "SELECT 2;");
        ScanResult r = scan(a, b);
        assertThat(r.errors()).singleElement().asString()
                .contains("duplicate version 2").contains("V2__from_main.sql").contains("V2__from_feature.sql");
    }

    @Test
    void misnamedSqlFileIsAnErrorNotSilentlySkipped() {
        write(dir.resolve("V1__ok.sql"), "SELECT 1;");
        write(dir.resolve("V2_single_underscore.sql"), "SELECT 2;");
        assertThat(scan(dir).errors()).singleElement().asString().contains("V2_single_underscore.sql").contains("two underscores");
    }
}
