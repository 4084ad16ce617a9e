package dev.ferry.migration;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a Java migration's class name gives its version and description ({@code V1_2__Backfill_slugs}
 * is version 1.2, "Backfill slugs"), and what history records for it.
 */
final class JavaMigrationNames {
    private static final Pattern NAME = Pattern.compile("V(\\d+(?:_\\d+)*)__(\\w+)");

    private JavaMigrationNames() {
    }

    /** Whether a simple class name (no package) follows the naming, so a class not implementing the interface is worth an error. */
    static boolean looksLikeMigration(String simpleName) {
        return NAME.matcher(simpleName).matches();
    }

    /** The migration an instance stands for, or empty when its class is not named {@code V<version>__<description>}. */
    static Optional<Migration> migration(JavaMigration code) {
        String className = className(code);
        Matcher m = NAME.matcher(simpleName(className));
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(Migration.java(Version.parse(m.group(1)), ScriptFiles.describe(m.group(2)), className, code));
    }

    /**
     * The class's own name; a framework proxy ({@code V1__X$$SpringCGLIB$$0}) is named after the
     * class it extends, so a migration given as a bean records the same name as one found by scanning.
     */
    static String className(JavaMigration code) {
        String name = code.getClass().getName();
        int proxy = name.indexOf("$$");
        return proxy < 0 ? name : name.substring(0, proxy);
    }

    /** Whether a history row's script names a class rather than a file. */
    static boolean isClassName(String script) {
        return !script.contains("/") && !script.toLowerCase(java.util.Locale.ROOT).endsWith(".sql")
                && looksLikeMigration(simpleName(script));
    }

    static String simpleName(String className) {
        return className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
    }

    /**
     * The declared checksum, or one of the simple class name; tagged so it never equals a script's
     * checksum, and hashed so that any declared text fits the history column.
     */
    static String checksum(JavaMigration code) {
        String declared = code.checksum();
        return Checksum.of("java:" + (declared != null ? declared : simpleName(className(code))));
    }

    static boolean overridesRollback(JavaMigration code) {
        try {
            return code.getClass().getMethod("rollback", JavaMigration.Context.class).getDeclaringClass() != JavaMigration.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("JavaMigration declares rollback(Context)", e);
        }
    }
}
