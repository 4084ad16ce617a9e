package dev.ferry.seed;

import dev.ferry.verify.IntegrityOptions;

/**
 * How to seed.
 *
 * @param clean first empty every table the folder's data files fill (children before parents) and forget what was applied; refused on protected environments
 * @param minimal apply only the files marked essential
 * @param dryRun list what would be applied and emptied; change nothing
 * @param validate run the integrity checks with these options afterwards; {@code null} for none
 */
public record SeedOptions(boolean clean, boolean minimal, boolean dryRun, IntegrityOptions validate) {
    public static final SeedOptions DEFAULTS = new SeedOptions(false, false, false, null);

    public SeedOptions withClean(boolean value) {
        return new SeedOptions(value, minimal, dryRun, validate);
    }

    public SeedOptions withMinimal(boolean value) {
        return new SeedOptions(clean, value, dryRun, validate);
    }

    public SeedOptions withDryRun(boolean value) {
        return new SeedOptions(clean, minimal, value, validate);
    }

    public SeedOptions withValidation(IntegrityOptions options) {
        return new SeedOptions(clean, minimal, dryRun, options);
    }
}
