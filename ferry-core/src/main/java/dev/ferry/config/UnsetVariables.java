package dev.ferry.config;

import dev.ferry.FerryException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ${env:VAR}} references inside {@code environments.<name>} whose variable is not set.
 * Each is an error only when its environment is used, so that a file naming staging's password
 * variable still works for development on a machine without it; the error keeps the line and
 * column of the reference.
 */
final class UnsetVariables {
    private record Reference(List<String> path, String variable) {
    }

    private final List<Reference> found = new ArrayList<>();

    /** Whether a missing variable at this key path waits for its environment to be used. */
    boolean defers(List<String> path) {
        return path.size() >= 3 && path.get(0).equals("environments");
    }

    void add(List<String> path, String variable) {
        found.add(new Reference(List.copyOf(path), variable));
    }

    /** Fails, naming the first reference, when {@code environment} uses a variable that is not set. */
    void requireNoneIn(String environment, YamlDocument document) {
        for (Reference r : found) {
            if (r.path().get(1).equals(environment)) {
                throw FerryException.invalidInput(document.where(r.path()) + ": " + EnvReferenceDeserializer.notSet(r.variable()));
            }
        }
    }
}
