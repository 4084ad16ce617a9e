package dev.ferry.transfer;

import java.util.List;

/**
 * Rows read and mapped from the source, on their way to the target: the mapped rows with their
 * source rows (for rejects), their legacy and new keys and the legacy keys of their parents (one
 * per reference, for messages), the rows rejected while mapping, and the last source key they cover.
 * A batch with {@code end} set marks the end of the slice; one with {@code failure} carries the
 * reader's error to the writer.
 */
record Batch(
        List<String[]> rows,
        List<String[]> sources,
        List<String> legacyKeys,
        List<String> newKeys,
        List<String[]> parentKeys,
        List<Reject> rejects,
        int sourceRows,
        String lastKey,
        long bytes,
        boolean end,
        Exception failure) {

    static Batch endOfSlice() {
        return new Batch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0, null, 0, true, null);
    }

    static Batch failed(Exception e) {
        return new Batch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0, null, 0, true, e);
    }
}
