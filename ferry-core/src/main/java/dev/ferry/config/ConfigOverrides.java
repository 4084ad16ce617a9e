package dev.ferry.config;

import java.util.List;
import java.util.Map;

/**
 * Values given on the command line (or by API callers) that win over the environment and the file.
 * Any field may be {@code null}, meaning "not given".
 */
public record ConfigOverrides(
        String environment,
        String url,
        String user,
        String password,
        List<String> locations,
        String layout,
        List<String> schemas,
        String historyTable,
        String lockTimeout,
        Boolean outOfOrder) {

    public static final ConfigOverrides NONE = new ConfigOverrides(null, null, null, null, null, null, null, null, null, null);

    /** Reads the {@code FERRY_*} variables, which rank between flags and ferry.yaml. */
    public static ConfigOverrides fromEnvironment(Map<String, String> env) {
        return new ConfigOverrides(
                blankToNull(env.get("FERRY_ENV")),
                blankToNull(env.get("FERRY_URL")),
                blankToNull(env.get("FERRY_USER")),
                env.get("FERRY_PASSWORD"),
                splitList(env.get("FERRY_LOCATIONS")),
                blankToNull(env.get("FERRY_LAYOUT")),
                splitList(env.get("FERRY_SCHEMAS")),
                blankToNull(env.get("FERRY_HISTORY_TABLE")),
                blankToNull(env.get("FERRY_LOCK_TIMEOUT")),
                env.get("FERRY_OUT_OF_ORDER") == null ? null : Boolean.valueOf(env.get("FERRY_OUT_OF_ORDER")));
    }

    /** This, with every field it leaves unset taken from {@code lower}. */
    public ConfigOverrides over(ConfigOverrides lower) {
        return new ConfigOverrides(
                first(environment, lower.environment), first(url, lower.url), first(user, lower.user),
                first(password, lower.password), first(locations, lower.locations), first(layout, lower.layout),
                first(schemas, lower.schemas), first(historyTable, lower.historyTable),
                first(lockTimeout, lower.lockTimeout), first(outOfOrder, lower.outOfOrder));
    }

    private static <T> T first(T a, T b) {
        return a != null ? a : b;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static List<String> splitList(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return List.of(s.split("\\s*,\\s*"));
    }

    @Override
    public String toString() {
        return "ConfigOverrides[environment=" + environment + ", url=" + url + ", user=" + user + "]";
    }
}
