package dev.ferry.rekey;

import java.util.List;

/** What {@code compat watch} saw: how many samples it took and every client it recorded, once each, as last recorded. */
public record CompatWatchResult(String runId, int samples, List<CompatClient> clients) {
}
