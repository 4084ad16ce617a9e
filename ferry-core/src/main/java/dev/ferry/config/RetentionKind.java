package dev.ferry.config;

/** The kinds of things Ferry keeps that a {@code retention:} rule can thin out, each under its own key. */
public enum RetentionKind {
    /** Archive files in the environment's backup folder. */
    BACKUPS("backups"),
    /** In-database table copies made by {@code ferry snapshot}. */
    SNAPSHOTS("snapshots"),
    /** Versions of the protected rows made by {@code ferry protect snapshot}. */
    PROTECTED_SNAPSHOTS("protected_snapshots"),
    /** Run logs and reports under {@code .ferry/}. */
    RUNS("runs"),
    /** The state rows of finished transfer runs in the environment's database. */
    TRANSFER_STATE("transfer_state"),
    /** Audit-trail entries of the protected rows. */
    AUDIT("audit");

    private final String key;

    RetentionKind(String key) {
        this.key = key;
    }

    /** The key under {@code retention:} in ferry.yaml. */
    public String key() {
        return key;
    }
}
