package dev.ferry;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for work started on another thread, so its failure surfaces as it was thrown there. */
public final class Futures {
    private Futures() {
    }

    /**
     * The future's result; its exception unwrapped from {@link CompletionException}, so a
     * {@link FerryException} keeps its error code and exit status.
     */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
