package dev.ferry.transfer;

/** What {@code transfer rejects} listed: the run, the filter and how many rows matched it. */
public record RejectListing(String runId, RejectFilter filter, long rows) {
}
