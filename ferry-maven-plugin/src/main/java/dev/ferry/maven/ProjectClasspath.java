package dev.ferry.maven;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.model.Resource;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.project.MavenProject;

/**
 * The project's own class path for {@code classpath:} locations: its resource folders, its compiled
 * classes and its runtime dependencies, so Java migrations compiled in the project run with what they use.
 */
final class ProjectClasspath {
    private ProjectClasspath() {
    }

    static ClassLoader loader(MavenProject project, ClassLoader plugin) {
        Set<String> entries = new LinkedHashSet<>();
        // The resource folders first, so a goal run on its own sees scripts edited since the last
        // process-resources; their unchanged copies in the build output are the same scripts.
        for (Resource resource : project.getResources()) {
            entries.add(resource.getDirectory());
        }
        try {
            entries.addAll(project.getRuntimeClasspathElements());
        } catch (DependencyResolutionRequiredException e) {
            entries.add(project.getBuild().getOutputDirectory());
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : entries) {
            File file = new File(entry);
            if (file.exists()) {
                try {
                    urls.add(file.toURI().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(entry + " is not a usable class path entry", e);
                }
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), plugin);
    }
}
