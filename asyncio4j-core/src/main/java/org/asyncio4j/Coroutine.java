package org.asyncio4j;

import org.asyncio4j.internal.Throwables;

/**
 * An {@code async def}: a piece of code that may suspend at awaits, usually a lambda or a method
 * reference.
 *
 * <p>Pass it to {@link Asyncio#createTask(Coroutine)} to run it concurrently, or {@link #await()} it to
 * run it inline in the current coroutine, exactly as {@code await coro()} does in Python.
 *
 * @param <T> the type of the result
 */
@FunctionalInterface
public interface Coroutine<T> extends Awaitable<T> {
    /** The body. It may suspend (sleep, await futures, read streams) and may throw anything. */
    T call() throws Exception;

    /**
     * Runs the body inline in the current coroutine and returns its result. A checked exception from the
     * body arrives wrapped in {@link java.util.concurrent.CompletionException}; unchecked ones as they are.
     */
    @Override
    default T await() {
        try {
            return call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw Throwables.wrapChecked(e);
        }
    }
}
