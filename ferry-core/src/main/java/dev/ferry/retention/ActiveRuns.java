package dev.ferry.retention;

import dev.ferry.FerryException;
import dev.ferry.db.Database;
import dev.ferry.transfer.TransferRun;
import dev.ferry.transfer.TransferStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The transfer runs in the environment's database that are not finished (running, failed,
 * rolling back): resuming or rolling one back needs its state, its log and its pre-run backup,
 * so nothing of theirs is ever pruned.
 */
record ActiveRuns(List<TransferRun> runs, List<TransferRun> all) {

    static ActiveRuns read(Database database) {
        List<TransferRun> all;
        try (Connection c = database.connect("ferry prune")) {
            all = new TransferStore(database, database.dialect().currentSchema(c)).runs();
        } catch (SQLException e) {
            throw FerryException.sql("Reading the transfer runs", e);
        }
        return new ActiveRuns(all.stream().filter(r -> !r.finished()).toList(), all);
    }

    /** The unfinished run with this id, or {@code null}. */
    TransferRun byId(String runId) {
        return runs.stream().filter(r -> r.id().equals(runId)).findFirst().orElse(null);
    }

    /** The unfinished run whose pre-run backup this archive is, or {@code null}. */
    TransferRun byArchive(Path archive) {
        Path a = archive.toAbsolutePath().normalize();
        return runs.stream().filter(r -> r.backupArchive() != null && Path.of(r.backupArchive()).toAbsolutePath().normalize().equals(a))
                .findFirst().orElse(null);
    }

    /** The unfinished run a text (a snapshot's reason) names, or {@code null}. */
    TransferRun namedIn(String text) {
        return text == null ? null : runs.stream().filter(r -> text.contains(r.id())).findFirst().orElse(null);
    }

    static String needs(TransferRun run) {
        return "transfer run " + run.id() + " is " + run.status() + " and may be resumed or rolled back";
    }
}
