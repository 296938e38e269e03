package org.asyncio4j;

/**
 * When {@link Asyncio#wait(java.util.Collection, double, ReturnWhen)} returns: the counterpart of
 * asyncio's {@code FIRST_COMPLETED}, {@code FIRST_EXCEPTION} and {@code ALL_COMPLETED}.
 */
public enum ReturnWhen {
    /** As soon as any future is done (finished or cancelled). */
    FIRST_COMPLETED,
    /**
     * As soon as any future fails with an exception; a cancelled future does not count. If none fails,
     * this is {@link #ALL_COMPLETED}.
     */
    FIRST_EXCEPTION,
    /** When every future is done. */
    ALL_COMPLETED
}
