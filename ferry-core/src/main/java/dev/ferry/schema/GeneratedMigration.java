package dev.ferry.schema;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code ferry new --from-diff} wrote: the migration that takes the migrations' schema to
 * the target's.
 *
 * @param files the files written (none when there was no difference)
 * @param changes the differences the migration covers
 * @param up the up script's statements, in the order they run
 * @param down the down script's statements
 * @param warnings what a reviewer should know before running it: data loss, table rewrites, long locks
 * @param byHand changes written only as comments, which a person has to carry out (the migration does not reach the target without them)
 * @param outsideTransaction whether the up script is marked to run outside a transaction (it builds indexes CONCURRENTLY)
 */
public record GeneratedMigration(String version, String layout, List<Path> files, String target, List<SchemaChange> changes,
                                 List<String> up, List<String> down, List<String> warnings, List<String> byHand,
                                 boolean outsideTransaction) {

    /** Whether the migration's up script makes the target's schema without a person's help. */
    public boolean complete() {
        return byHand.isEmpty();
    }
}
