package org.asyncio4j.internal.net;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.asyncio4j.Future;

/** Awaiting a future from a suspending call that declares {@link IOException}. */
public final class IoAwait {
    private IoAwait() {}

    /**
     * Awaits {@code future} and returns its result; an {@link IOException} it failed with is thrown as
     * it is, not wrapped in the {@link CompletionException} that {@link Future#await()} uses for checked
     * exceptions.
     */
    public static <T> T await(Future<T> future) throws IOException {
        try {
            return future.await();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }
}
