package dev.ferry.cli;

import dev.ferry.FerryException;
import picocli.CommandLine.Option;

/** Where an archive's passphrase comes from: an environment variable, else a prompt on the terminal. */
final class PassphraseOptions {
    /** Where the environment's backup passphrase lives: what 'ferry backup --encrypt' and a restore's safety backup use. */
    static final String BACKUP_VARIABLE = "FERRY_BACKUP_PASSPHRASE";

    @Option(names = "--passphrase-env", paramLabel = "VAR", description = "Environment variable holding the passphrase (default: FERRY_BACKUP_PASSPHRASE).")
    String variable = BACKUP_VARIABLE;

    /** The backup passphrase ({@value #BACKUP_VARIABLE}), or {@code null} when it is not set. */
    static char[] backupPassphrase() {
        String v = System.getenv(BACKUP_VARIABLE);
        return v == null || v.isEmpty() ? null : v.toCharArray();
    }

    /** The passphrase from the variable, or {@code null} when it is not set. */
    char[] fromEnvironment() {
        String v = System.getenv(variable);
        return v == null || v.isEmpty() ? null : v.toCharArray();
    }

    /** The passphrase from the variable or the terminal; fails when neither can give one. */
    char[] require(String why) {
        char[] p = fromEnvironment();
        if (p == null) {
            p = Console.askSecret("Passphrase " + why + ": ");
        }
        if (p == null || p.length == 0) {
            throw FerryException.invalidInput("A passphrase is needed " + why + ": set " + variable
                    + " (or name another variable with --passphrase-env), or run on a terminal to type it");
        }
        return p;
    }
}
