package dev.ferry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Ferry's own version and the version of the PostgreSQL it embeds, filled in by the build. */
public final class FerryVersion {
    private static final Properties PROPS = load();

    private FerryVersion() {
    }

    public static String version() {
        return PROPS.getProperty("version", "unknown");
    }

    public static String postgres() {
        return PROPS.getProperty("postgres", "16.4.0");
    }

    public static String postgresMajor() {
        return postgres().split("\\.")[0];
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = FerryVersion.class.getResourceAsStream("ferry-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
