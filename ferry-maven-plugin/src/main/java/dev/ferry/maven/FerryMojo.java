package dev.ferry.maven;

import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.config.ConfigOverrides;
import dev.ferry.migration.JavaMigrations;
import dev.ferry.migration.MigrationListener;
import java.io.File;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;

/**
 * What every goal shares: the settings (each also a {@code ferry.*} property), credentials from a
 * {@code <server>} of settings.xml, the project's classes on the class path for Java migrations
 * and {@code classpath:} locations, and Ferry's failures turned into build failures with its message.
 */
abstract class FerryMojo extends AbstractMojo {
    /** JDBC URL; without one (and without ferry.yaml) the embedded PostgreSQL under .ferry/ is used. */
    @Parameter(property = "ferry.url")
    String url;

    @Parameter(property = "ferry.user")
    String user;

    @Parameter(property = "ferry.password")
    String password;

    /** Folders (relative to the project) and {@code classpath:} packages holding the migrations. */
    @Parameter(property = "ferry.locations")
    List<String> locations;

    /** Schemas to manage; the first holds the history table. */
    @Parameter(property = "ferry.schemas")
    List<String> schemas;

    /** The environment of ferry.yaml to work on. */
    @Parameter(property = "ferry.environment")
    String environment;

    /** The configuration file (default: ferry.yaml in the project's folder, if there is one). */
    @Parameter(property = "ferry.configFile")
    File configFile;

    /** A {@code <server>} of settings.xml whose username and password log in, unless user and password are set. */
    @Parameter(property = "ferry.serverId")
    String serverId;

    /** Skips the goal, e.g. {@code -Dferry.skip} for a build without a database. */
    @Parameter(property = "ferry.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${settings}", readonly = true, required = true)
    Settings settings;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping Ferry (ferry.skip is set)");
            return;
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = ProjectClasspath.loader(project, getClass().getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        try (Ferry ferry = open(loader)) {
            run(ferry);
        } catch (FerryException e) {
            // Ferry's message says what is wrong and what to do; its stack trace only with -X.
            throw getLog().isDebugEnabled() ? new MojoFailureException(e.getMessage(), e) : new MojoFailureException(e.getMessage());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** The goal's work; a problem it finds (drift, an unhealthy database) is a {@link MojoFailureException}. */
    abstract void run(Ferry ferry) throws MojoFailureException;

    private Ferry open(ClassLoader loader) throws MojoExecutionException {
        String login = user;
        String secret = password;
        if (serverId != null && (login == null || secret == null)) {
            Server server = settings.getServer(serverId);
            if (server == null) {
                throw new MojoExecutionException("No <server> with id '" + serverId + "' in settings.xml; add one with "
                        + "<username> and <password>, or set ferry.user and ferry.password");
            }
            login = login != null ? login : server.getUsername();
            secret = secret != null ? secret : server.getPassword();
        }
        ConfigOverrides given = new ConfigOverrides(environment, url, login, secret, emptyToNull(locations), null, emptyToNull(schemas),
                null, null, null);
        Ferry.Builder builder = Ferry.builder().projectDir(project.getBasedir().toPath()).overrides(given)
                .javaMigrations(JavaMigrations.from(loader));
        if (configFile != null) {
            builder.configFile(configFile.toPath());
        }
        Ferry ferry = builder.build();
        ferry.onNotice(getLog()::info);
        return ferry.withListener(new MigrationListener() {
            @Override
            public void note(String message) {
                getLog().info(message);
            }

            @Override
            public void migrationFinished(dev.ferry.migration.Migration migration, long executionMs, String direction) {
                getLog().info((direction.equals("up") ? "Applied " : "Rolled back ") + migration.label() + " in " + executionMs + " ms");
            }
        });
    }

    private static List<String> emptyToNull(List<String> values) {
        return values == null || values.isEmpty() ? null : values;
    }
}
