package dev.ferry.verify;

import java.util.List;

/** Everything one {@code verify} run checked. {@link #clean()} is false when a check at error severity failed or could not run. */
public record VerifyResult(String runId, String kind, String database, List<Finding> findings) {

    public boolean clean() {
        return findings.stream().noneMatch(Finding::failsRun);
    }

    public long count(CheckStatus status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }
}
