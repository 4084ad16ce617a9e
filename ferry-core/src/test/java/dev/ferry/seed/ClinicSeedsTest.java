package dev.ferry.seed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.EnvironmentSettings;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.verify.IntegrityChecker;
import dev.ferry.verify.IntegrityOptions;
import dev.ferry.verify.VerifyResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The clinic example's seed folders fit its migrated schema and pass its integrity rules. */
class ClinicSeedsTest {
    @TempDir
    Path project;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"development", "testing", "staging", "demo"})
    void everyExampleSeedFolderAppliesCleanlyToTheNewSchemaAndAgainChangesNothing(String environment) throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            ClinicProject.migrateTarget(db, project);
            EnvironmentSettings base = Projects.settings(project, db);
            EnvironmentSettings settings = new EnvironmentSettings(environment, base.url(), base.user(), base.password(), false,
                    base.connectTimeout(), base.locations(), base.layout(), base.schemas(), base.historyTable(), base.placeholders(),
                    base.placeholderReplacement(), base.lockTimeout(), base.outOfOrder(), project);
            IntegrityOptions checks = new IntegrityOptions(List.of(), List.of("profiles:email"), ClinicProject.exampleDir().resolve("rules"));
            Seeds seeds = new Seeds(settings, db::database, ClinicProject.exampleDir().resolve("seeds"),
                    o -> new VerifyResult("t", "integrity", db.database().displayUrl(), new IntegrityChecker(db.database(), Map.of()).check(o)));

            SeedResult minimal = seeds.apply(SeedOptions.DEFAULTS.withMinimal(true));
            assertThat(minimal.count(SeedStatus.APPLIED)).isPositive();
            assertThat(minimal.files()).filteredOn(f -> f.status() == SeedStatus.APPLIED).allMatch(SeedFileResult::essential);

            SeedResult full = seeds.apply(SeedOptions.DEFAULTS.withValidation(checks));
            assertThat(full.files()).noneMatch(f -> f.status() == SeedStatus.NOT_ESSENTIAL || f.status() == SeedStatus.FAILED);
            assertThat(full.valid()).as("%s", full.validation()).isTrue();
            assertThat(SeedsTest.rows(db, "SELECT count(*) FROM patients")).isNotEqualTo("0;");

            SeedResult again = seeds.apply(SeedOptions.DEFAULTS);
            assertThat(again.files()).allMatch(f -> f.status() == SeedStatus.UNCHANGED);
        }
    }
}
