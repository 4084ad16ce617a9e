package dev.ferry;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.ConfigOverrides;
import dev.ferry.migration.MigrateOptions;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.Transfers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** The project is read once, from the file the user named, and every capability is wired from it. */
class ProjectWiringTest {
    @TempDir
    Path dir;

    @Test
    void theConfigFileGivenWithDashCSuppliesThePlanTheSeedsAndTheOtherEnvironments() throws Exception {
        try (TestDatabase legacy = TestServer.embeddedPostgres().create(); TestDatabase app = TestServer.embeddedPostgres().create()) {
            write(dir.resolve("conf/alt.yaml"), """
                    default_environment: app
                    transfer:
                      plan: plans/move.yaml
                    seeds:
                      location: db/seeds
                    environments:
                      app:
                        url: %s
                        user: %s
                      legacy:
                        url: %s
                        user: %s
                    """.formatted(app.url(), app.user(), legacy.url(), legacy.user()));
            write(dir.resolve("conf/plans/move.yaml"), "source: legacy\ntarget: app\nentities:\n  a:\n    from: ta\n    key: {column: id}\n");
            write(dir.resolve("ferry.yaml"), "environments:\n  development: {}\n");

            try (Ferry ferry = Ferry.load(dir, Path.of("conf/alt.yaml"), ConfigOverrides.NONE)) {
                Transfers transfers = ferry.transfers(null, TransferListener.NONE);
                assertThat(transfers.plan().file()).isEqualTo(dir.toAbsolutePath().resolve("conf/plans/move.yaml"));
                assertThat(transfers.plan().source().environment()).isEqualTo("legacy");
                assertThat(ferry.databaseFor(transfers.plan().source()).url()).isEqualTo(legacy.url());
                assertThat(ferry.databaseFor(transfers.plan().target()).url()).isEqualTo(app.url());
                assertThat(ferry.seeds().folder()).isEqualTo(dir.toAbsolutePath().resolve("conf/db/seeds/app"));
                assertThat(ferry.environment("legacy").settings().url()).isEqualTo(legacy.url());
            }
            // Naming the plan explicitly still takes the environments from the -c file, not an empty embedded database.
            try (Ferry ferry = Ferry.load(dir, Path.of("conf/alt.yaml"), ConfigOverrides.NONE)) {
                Transfers transfers = ferry.transfers(Path.of("conf/plans/move.yaml"), TransferListener.NONE);
                assertThat(ferry.databaseFor(transfers.plan().source()).url()).isEqualTo(legacy.url());
            }
        }
    }

    @Test
    void anApplicationsDataSourceIsBorrowedForTheSelectedEnvironment() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            write(dir.resolve("migrations/V1__create.sql"), "CREATE TABLE pool_made (id int PRIMARY KEY);\n");
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(db.url());
            ds.setUser(db.user());
            try (Ferry ferry = Ferry.builder().projectDir(dir).dataSource(ds).build()) {
                assertThat(ferry.database().borrowsConnections()).isTrue();
                assertThat(ferry.settings().embedded()).isFalse();
                assertThat(ferry.migrations().migrate(MigrateOptions.DEFAULTS).applied()).hasSize(1);
            }
            try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pool_made")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }
}
