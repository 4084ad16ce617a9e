package dev.ferry.backup;

import java.nio.file.Path;
import java.util.List;

/**
 * What to restore and the safety switches.
 *
 * @param tables only these tables of the archive; empty for all
 * @param into another environment to restore into (a restore drill); {@code null} for this one
 * @param dryRun only say what would happen
 * @param confirmed the user confirmed (--confirm, or typed the environment's name)
 * @param allowProtected needed as well to restore into a protected environment
 * @param allowOtherEnvironment restore an archive of another environment into this one (not needed with {@code into})
 * @param force restore even though the archive's schema version differs from the target's
 * @param passphrase for an encrypted archive; only for reading it
 * @param safetyPassphrase what encrypts the safety backup of the replaced tables; {@code null} leaves it unencrypted. Never
 *                         taken from {@code passphrase}: whoever can read the archive need not be who protects the environment's backups
 * @param parallelism connections that load tables at once when a PostgreSQL restore creates every table it loads (a drill into
 *                    an empty environment); 0 picks one per core, at least 2; 1 loads them one after another on one connection
 */
public record RestoreOptions(Path archive, List<String> tables, String into, boolean dryRun, boolean confirmed, boolean allowProtected,
                             boolean allowOtherEnvironment, boolean force, char[] passphrase, char[] safetyPassphrase, int parallelism) {

    public RestoreOptions {
        tables = tables == null ? List.of() : List.copyOf(tables);
        if (parallelism < 0) {
            throw dev.ferry.FerryException.invalidInput("The restore's parallelism must be 0 (one per core) or more, not " + parallelism);
        }
    }

    /** With the default parallelism (one connection per core, at least 2). */
    public RestoreOptions(Path archive, List<String> tables, String into, boolean dryRun, boolean confirmed, boolean allowProtected,
                          boolean allowOtherEnvironment, boolean force, char[] passphrase, char[] safetyPassphrase) {
        this(archive, tables, into, dryRun, confirmed, allowProtected, allowOtherEnvironment, force, passphrase, safetyPassphrase, 0);
    }

    public static RestoreOptions of(Path archive) {
        return new RestoreOptions(archive, List.of(), null, false, false, false, false, false, null, null);
    }

    public RestoreOptions withTables(List<String> t) {
        return new RestoreOptions(archive, t, into, dryRun, confirmed, allowProtected, allowOtherEnvironment, force, passphrase, safetyPassphrase, parallelism);
    }

    public RestoreOptions withInto(String environment) {
        return new RestoreOptions(archive, tables, environment, dryRun, confirmed, allowProtected, allowOtherEnvironment, force, passphrase, safetyPassphrase, parallelism);
    }

    public RestoreOptions withDryRun(boolean d) {
        return new RestoreOptions(archive, tables, into, d, confirmed, allowProtected, allowOtherEnvironment, force, passphrase, safetyPassphrase, parallelism);
    }

    public RestoreOptions withConfirmed(boolean c) {
        return new RestoreOptions(archive, tables, into, dryRun, c, allowProtected, allowOtherEnvironment, force, passphrase, safetyPassphrase, parallelism);
    }

    public RestoreOptions withAllowProtected(boolean a) {
        return new RestoreOptions(archive, tables, into, dryRun, confirmed, a, allowOtherEnvironment, force, passphrase, safetyPassphrase, parallelism);
    }

    public RestoreOptions withAllowOtherEnvironment(boolean a) {
        return new RestoreOptions(archive, tables, into, dryRun, confirmed, allowProtected, a, force, passphrase, safetyPassphrase, parallelism);
    }

    public RestoreOptions withForce(boolean f) {
        return new RestoreOptions(archive, tables, into, dryRun, confirmed, allowProtected, allowOtherEnvironment, f, passphrase, safetyPassphrase, parallelism);
    }

    public RestoreOptions withPassphrase(char[] p) {
        return new RestoreOptions(archive, tables, into, dryRun, confirmed, allowProtected, allowOtherEnvironment, force, p, safetyPassphrase, parallelism);
    }

    public RestoreOptions withSafetyPassphrase(char[] p) {
        return new RestoreOptions(archive, tables, into, dryRun, confirmed, allowProtected, allowOtherEnvironment, force, passphrase, p, parallelism);
    }

    public RestoreOptions withParallelism(int n) {
        return new RestoreOptions(archive, tables, into, dryRun, confirmed, allowProtected, allowOtherEnvironment, force, passphrase, safetyPassphrase, n);
    }

    /** The connections a parallel load uses: {@link #parallelism()}, or one per core and at least 2 when it is 0. */
    int connections() {
        return parallelism > 0 ? parallelism : Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String toString() {
        return "RestoreOptions[archive=" + archive + ", tables=" + tables + ", into=" + into + ", dryRun=" + dryRun + ", parallelism=" + parallelism + "]";
    }
}
