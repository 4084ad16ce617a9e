package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.migration.ValidateResult;
import picocli.CommandLine.Command;

@Command(name = "validate", description = "Check files against history; exit 3 on drift, missing files, failed rows, duplicates or out-of-order versions.")
final class ValidateCommand extends MigrationCommand {
    @Override
    protected int run(Ferry ferry) {
        ValidateResult v = ferry.migrations().validate();
        if (json) {
            printJson(v);
        } else {
            Console.out(Render.validate(v));
        }
        return v.valid() ? ExitCodes.OK : ErrorCode.VALIDATION_FAILED.exitCode();
    }
}
