package dev.ferry.cli;

import dev.ferry.verify.IntegrityOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Integrity options shared by {@code verify} and {@code verify integrity}. */
final class VerifyOptions {
    @Option(names = "--reference", split = ",", paramLabel = "T.C=P.C", description = "An undeclared reference to check for orphans, e.g. orders.patient_id=patients.id.")
    List<String> relations = List.of();

    @Option(names = "--unique", paramLabel = "T:C1,C2", description = "A natural key that must not repeat, e.g. profiles:email (repeatable).")
    List<String> uniques = List.of();

    @Option(names = "--tenants", split = ",", paramLabel = "C=T.K", description = "Report how the rows of every table with tenant "
            + "column C spread over the tenants in table T (key K): rows per tenant, tenants with none, outliers; e.g. office_id=offices.id.")
    List<String> tenants = List.of();

    @Option(names = "--rules", paramLabel = "DIR", description = "Folder of rule files (default: rules/ in the project, if present).")
    Path rules;

    IntegrityOptions resolve(Path projectDir) {
        Path defaultDir = projectDir.resolve("rules");
        Path dir = rules != null ? rules : Files.isDirectory(defaultDir) ? defaultDir : null;
        return new IntegrityOptions(relations, uniques, dir, tenants);
    }
}
