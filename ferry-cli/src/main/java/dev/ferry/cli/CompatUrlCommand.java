package dev.ferry.cli;

import dev.ferry.Ferry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "url", description = "Print the JDBC URL a client of one version connects with (without the password).")
final class CompatUrlCommand extends RekeyBase {
    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "v1 (integer keys) or v2 (UUID keys).")
    String version;

    @Override
    protected int run(Ferry ferry) {
        Console.out(rekeys(ferry).compatUrl(version));
        return ExitCodes.OK;
    }
}
