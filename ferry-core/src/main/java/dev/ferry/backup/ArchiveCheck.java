package dev.ferry.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The result of reading a whole archive back: every table's stream decoded and hashed.
 *
 * @param fileChecksumOk whether every byte still has the SHA-256 recorded when the archive was finished
 */
public record ArchiveCheck(Path archive, String environment, Instant createdAt, boolean encrypted, boolean fileChecksumOk,
                           List<TableCheck> tables) {

    public enum Status { OK, CHECKSUM_MISMATCH, ROW_COUNT_MISMATCH, DAMAGED }

    /** One table: {@code detail} says what is wrong when the status is not OK. */
    public record TableCheck(String table, long rows, Status status, String detail) {
    }

    public boolean ok() {
        return fileChecksumOk && tables.stream().allMatch(t -> t.status() == Status.OK);
    }

    /** Whether a block could not be decoded at all (as opposed to decoding to different content). */
    public boolean damaged() {
        return tables.stream().anyMatch(t -> t.status() == Status.DAMAGED);
    }

    /**
     * Whether the bytes of an unencrypted archive differ from those its recorded SHA-256 vouches for:
     * a checksum mismatch, whatever else reading it found. (An encrypted archive's blocks carry their
     * own authentication; one that fails it cannot be read at all, which is {@link #damaged()}.)
     */
    public boolean checksumMismatch() {
        return !encrypted && !fileChecksumOk;
    }

    /** What is wrong, in one line per problem; empty when ok. */
    public List<String> problems() {
        List<String> out = new java.util.ArrayList<>();
        if (!fileChecksumOk) {
            out.add("the archive's SHA-256 differs from the one recorded when it was written: some byte changed");
        }
        tables.stream().filter(t -> t.status() != Status.OK).forEach(t -> out.add(t.table() + ": " + t.detail()));
        return out;
    }
}
