package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.examples.ClinicData;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "generate", description = "Fill an environment with the legacy dental-clinic example data (drops and recreates its dispatch_* and auth_user tables).")
final class GenerateCommand extends EnvironmentCommand {
    @Parameters(paramLabel = "DATASET", description = "The dataset; only 'clinic' for now.")
    String dataset;

    @Option(names = "--scale", description = "1.0 = 4.2 million rows (1k offices, 200k users, 20k doctors, 1M patients, 3M orders); default 0.01.")
    double scale = 0.01;

    @Override
    protected int run(Ferry ferry) {
        if (!dataset.equals("clinic")) {
            throw dev.ferry.FerryException.invalidInput("Unknown dataset '" + dataset + "'; available: clinic");
        }
        if (ferry.settings().protectedEnvironment()) {
            throw new dev.ferry.FerryException(dev.ferry.ErrorCode.REFUSED_FOR_SAFETY, "Refusing to generate example data in protected environment '"
                    + ferry.settings().name() + "'");
        }
        long start = System.nanoTime();
        ClinicData.Counts n;
        try (CommandProgress progress = CommandProgress.start("generating " + dataset, null, quiet)) {
            n = ClinicData.create(ferry.database(), scale);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        Console.out(String.format(Locale.ROOT, "Generated %d rows in %s (%d offices, %d users, %d doctors, %d patients, %d orders) in %.1f s",
                n.total(), ferry.settings().name(), n.offices(), n.users(), n.doctors(), n.patients(), n.orders(), ms / 1000.0));
        return ExitCodes.OK;
    }
}
