package org.asyncio4j;

/**
 * Something a coroutine can wait for: the counterpart of a Python object with {@code __await__}.
 *
 * <p>{@link #await()} suspends the current coroutine until the value is ready and returns it, or
 * throws the failure. Futures, tasks, the futures returned by {@code gather} and {@code shield}, and
 * {@link Coroutine}s are awaitables; a custom one implements {@code await()} in terms of other
 * suspending calls.
 *
 * @param <T> the type of the value
 */
@FunctionalInterface
public interface Awaitable<T> {
    /**
     * Waits for the value, suspending the current coroutine while it is not ready.
     *
     * <p>Must be called from inside a coroutine (a task running on an event loop). After
     * {@link NestAsyncio#apply()} it may also be called at the top level of a thread that runs no loop,
     * where it drives the thread's event loop until the value is ready.
     *
     * @throws CancelledError if the awaited work, or the awaiting task, is cancelled
     * @throws IllegalStateException if called outside a coroutine
     */
    T await();
}
