package dev.ferry.transfer;

/** What one slice of an entity did in this process, for the report. */
final class SliceStats {
    long read;
    long written;
    long rejected;
    int batches;
    int retries;
    int minBatch = Integer.MAX_VALUE;
    int maxBatch;
    long batchRowsTotal;

    synchronized void batch(int size) {
        batches++;
        minBatch = Math.min(minBatch, size);
        maxBatch = Math.max(maxBatch, size);
        batchRowsTotal += size;
    }

    synchronized void add(SliceStats o) {
        read += o.read;
        written += o.written;
        rejected += o.rejected;
        batches += o.batches;
        retries += o.retries;
        if (o.batches > 0) {
            minBatch = Math.min(minBatch, o.minBatch);
            maxBatch = Math.max(maxBatch, o.maxBatch);
        }
        batchRowsTotal += o.batchRowsTotal;
    }
}
