package org.asyncio4j;

/**
 * The code a {@link Timeout} scope guards: it receives the scope, so it can read {@link Timeout#when()}
 * or move the deadline with {@link Timeout#reschedule(Double)}. The counterpart of the body of
 * {@code async with asyncio.timeout(...) as t:}.
 *
 * @param <T> the type of the result
 */
@FunctionalInterface
public interface TimeoutBody<T> {
    /** The body; it may suspend and may throw anything. */
    T run(Timeout timeout) throws Exception;
}
