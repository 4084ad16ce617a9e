package dev.ferry.maven;

import dev.ferry.Ferry;
import dev.ferry.migration.RepairResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Removes failed attempts from the history and re-records checksums once the migrations are right. */
@Mojo(name = "repair", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class RepairMojo extends FerryMojo {

    @Override
    void run(Ferry ferry) {
        RepairResult r = ferry.migrations().repair();
        r.removedFailedRows().forEach(line -> getLog().info("removed " + line));
        r.realignedChecksums().forEach(line -> getLog().info("realigned " + line));
        getLog().info(r.nothingToDo() ? "History already matches the migrations" : "History repaired");
    }
}
