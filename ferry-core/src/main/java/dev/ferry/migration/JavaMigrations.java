package dev.ferry.migration;

import java.util.List;

/**
 * Where Java migrations come from besides the scripts: the class loader that {@code classpath:}
 * locations are read through, and instances handed over directly (by an application that builds
 * them itself, such as beans of a Spring context). An instance wins over a class of the same name
 * found by scanning, so an application may do both.
 */
public final class JavaMigrations {
    /** The thread's context class loader, no instances. */
    public static final JavaMigrations DEFAULT = new JavaMigrations(null, List.of());

    private final ClassLoader classLoader;
    private final List<JavaMigration> instances;

    private JavaMigrations(ClassLoader classLoader, List<JavaMigration> instances) {
        this.classLoader = classLoader;
        this.instances = List.copyOf(instances);
    }

    /** Migrations given as instances, each of a class named {@code V<version>__<description>}. */
    public static JavaMigrations of(List<? extends JavaMigration> instances) {
        return new JavaMigrations(null, List.copyOf(instances));
    }

    /** {@code classpath:} locations read through {@code loader} (classes and scripts alike). */
    public static JavaMigrations from(ClassLoader loader) {
        return new JavaMigrations(loader, List.of());
    }

    public JavaMigrations withInstances(List<? extends JavaMigration> more) {
        return new JavaMigrations(classLoader, List.copyOf(more));
    }

    public JavaMigrations withClassLoader(ClassLoader loader) {
        return new JavaMigrations(loader, instances);
    }

    public List<JavaMigration> instances() {
        return instances;
    }

    /** The loader to scan with: the given one, else the current thread's context class loader, else Ferry's own. */
    public ClassLoader classLoader() {
        if (classLoader != null) {
            return classLoader;
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : JavaMigrations.class.getClassLoader();
    }
}
