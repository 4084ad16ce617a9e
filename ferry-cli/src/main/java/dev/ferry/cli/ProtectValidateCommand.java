package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.protection.DocumentCheckResult;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", description = "Check a candidate document against a protected table's JSON Schemas without writing: "
        + "a row (or a list of rows), or with --column one JSON column's value; exit 3 listing each violation.")
final class ProtectValidateCommand extends EnvironmentCommand {
    @Parameters(paramLabel = "FILE.json", description = "The candidate document.")
    Path file;

    @Option(names = "--table", paramLabel = "T", description = "The protected table (default: the only one with JSON Schemas).")
    String table;

    @Option(names = "--column", paramLabel = "C", description = "The file is this JSON column's value, not a row.")
    String column;

    @Option(names = "--kind", paramLabel = "V", description = "With --column: the discriminator value that picks the schema, e.g. binary.")
    String kind;

    @Override
    protected int run(Ferry ferry) {
        DocumentCheckResult r = ferry.protection().validate(file, table, column, kind);
        if (json) {
            printJson(r);
        } else if (r.valid()) {
            Console.out(r.file() + ": " + r.documents() + " document(s) valid for " + r.table() + (r.column() == null ? "" : "." + r.column()));
        } else {
            Console.out(r.file() + ": " + r.problems().size() + " violation(s) of " + r.table() + "'s rules:");
            r.problems().forEach(p -> Console.out("  " + p));
        }
        return r.valid() ? ExitCodes.OK : ErrorCode.VALIDATION_FAILED.exitCode();
    }
}
