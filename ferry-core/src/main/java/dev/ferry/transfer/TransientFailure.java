package dev.ferry.transfer;

import java.sql.SQLException;

/** A failure worth retrying on fresh connections: a lost connection, a deadlock, a serialization failure. */
final class TransientFailure extends Exception {
    TransientFailure(String message, SQLException cause) {
        super(message, cause);
    }
}
