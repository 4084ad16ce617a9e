package dev.ferry.transfer.transform;

import dev.ferry.FerryException;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The transforms a plan can name: the built-ins ({@code trim}, {@code lower}, {@code upper},
 * {@code null_if_empty}, {@code collapse_spaces}, {@code digits}, {@code truncate:N},
 * {@code prefix:TEXT}, {@code suffix:TEXT}), those published by {@link TransformProvider}s, and
 * {@code java:fully.qualified.ClassName} for a {@link ValueTransform} with a public no-argument constructor.
 */
public final class Transforms {
    private static final Map<String, Function<String, ValueTransform>> BUILT_IN = Map.of(
            "trim", arg -> v -> v == null ? null : v.strip(),
            "lower", arg -> v -> v == null ? null : v.toLowerCase(Locale.ROOT),
            "upper", arg -> v -> v == null ? null : v.toUpperCase(Locale.ROOT),
            "null_if_empty", arg -> v -> v == null || v.isBlank() ? null : v,
            "collapse_spaces", arg -> v -> v == null ? null : v.strip().replaceAll("\\s+", " "),
            "digits", arg -> v -> v == null ? null : v.replaceAll("\\D", ""),
            "truncate", Transforms::truncate,
            "prefix", arg -> v -> v == null ? null : arg + v,
            "suffix", arg -> v -> v == null ? null : v + arg);

    private final Map<String, TransformProvider> providers = new HashMap<>();

    public Transforms(ClassLoader loader) {
        for (TransformProvider p : ServiceLoader.load(TransformProvider.class, loader)) {
            providers.put(p.name(), p);
        }
    }

    /** @param spec {@code name} or {@code name:argument} */
    public ValueTransform create(String spec) {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec.strip() : spec.substring(0, colon).strip();
        String arg = colon < 0 ? null : spec.substring(colon + 1);
        if (name.equals("java")) {
            return instantiate(arg);
        }
        Function<String, ValueTransform> builtIn = BUILT_IN.get(name);
        if (builtIn != null) {
            return builtIn.apply(arg);
        }
        TransformProvider provider = providers.get(name);
        if (provider != null) {
            return provider.create(arg);
        }
        throw FerryException.invalidInput("unknown transform '" + name + "'; built-in: " + String.join(", ", new java.util.TreeSet<>(BUILT_IN.keySet()))
                + (providers.isEmpty() ? "" : "; from providers: " + String.join(", ", providers.keySet()))
                + "; or java:com.example.MyTransform");
    }

    private static ValueTransform truncate(String arg) {
        int n;
        try {
            n = Integer.parseInt(arg == null ? "" : arg.strip());
        } catch (NumberFormatException e) {
            throw FerryException.invalidInput("truncate needs a length, e.g. truncate:100");
        }
        return v -> v == null || v.length() <= n ? v : v.substring(0, n);
    }

    private static ValueTransform instantiate(String className) {
        try {
            Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            if (!ValueTransform.class.isAssignableFrom(type)) {
                throw FerryException.invalidInput(className + " does not implement " + ValueTransform.class.getName());
            }
            return (ValueTransform) type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw FerryException.invalidInput("transform class " + className + " is not on the classpath");
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw FerryException.invalidInput("cannot create transform " + className + ": " + cause);
        }
    }
}
