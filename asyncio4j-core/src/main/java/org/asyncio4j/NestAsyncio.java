package org.asyncio4j;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes event loops re-entrant, as Python's {@code nest_asyncio} does for Jupyter: after
 * {@link #apply()}, {@code runUntilComplete} and {@link Asyncio#run} may be called while the loop is
 * running (from inside a coroutine), and {@code await()} works at the top level of a thread that runs no
 * loop (jshell, notebooks).
 *
 * <p>A nested run keeps running the loop's other ready tasks and callbacks until the awaited work is
 * done, while the calling coroutine is blocked in the middle of its step. That breaks asyncio's
 * guarantee that nothing else runs between two awaits of one coroutine, which is why asyncio refuses
 * it; use it for interactive work and for calling async code from synchronous code you cannot change.
 * Waiting inside a nested run for something only an outer frame of the same stack would complete
 * deadlocks.
 */
public final class NestAsyncio {
    private static volatile boolean applied;
    private static final Set<Class<?>> PATCHED = ConcurrentHashMap.newKeySet();

    private NestAsyncio() {}

    /** Applies to the current loop (creating one for this thread if there is none). Idempotent. */
    public static void apply() {
        applied = true;
        apply(Asyncio.getEventLoop());
    }

    /**
     * Makes loops of {@code loop}'s class re-entrant (nest_asyncio patches the class). Idempotent; the
     * loop may be running.
     *
     * @throws IllegalArgumentException if the loop is not a {@link BaseEventLoop}
     */
    public static void apply(EventLoop loop) {
        if (!(loop instanceof BaseEventLoop)) {
            throw new IllegalArgumentException("Can't patch loop of type " + (loop == null ? "null" : loop.getClass().getName()));
        }
        applied = true;
        PATCHED.add(loop.getClass());
    }

    /** Undoes {@link #apply} for the whole JVM. For test isolation only: nest_asyncio cannot be undone. */
    static void unapplyForTests() {
        applied = false;
        PATCHED.clear();
    }

    /** Whether {@link #apply} was called in this JVM. */
    public static boolean isApplied() {
        return applied;
    }

    static boolean isPatched(BaseEventLoop loop) {
        return applied && PATCHED.contains(loop.getClass());
    }

    /**
     * nest_asyncio's replacement of {@code asyncio.run}: runs {@code main} on the current loop (running or
     * not), leaves the loop open, and cancels main if it is interrupted.
     */
    static <T> T runOnCurrentLoop(Coroutine<T> main) {
        EventLoop loop = Asyncio.getEventLoop();
        if (!(loop instanceof BaseEventLoop b) || !isPatched(b)) {
            apply(loop);
        }
        Task<T> task = loop.createTask(main);
        try {
            return loop.runUntilComplete(task);
        } finally {
            if (!task.isDone()) {
                task.cancel();
                try {
                    loop.runUntilComplete(task);
                } catch (CancelledError expected) {
                    // the cancellation we asked for
                }
            }
        }
    }
}
