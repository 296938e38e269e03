package org.asyncio4j;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * An asyncio event loop: one thread, a FIFO queue of ready callbacks, a heap of timers and an I/O
 * poller. Counterpart of {@code asyncio.AbstractEventLoop}; the implementation is
 * {@link SelectorEventLoop} (and {@link org.asyncio4j.testing.VirtualTimeLoop} for tests).
 *
 * <p>Threading: every method must be called on the loop's thread while it runs, except
 * {@link #callSoonThreadsafe}, {@link #time()}, {@link #isRunning()}, {@link #isClosed()} and
 * {@link #getDebug()}; a call from another thread fails with a message saying so. Before it runs, any
 * one thread may set a loop up.
 */
public interface EventLoop extends AutoCloseable {
    /** Schedules {@code callback} to run on the next iteration, after those already scheduled (FIFO). */
    Handle callSoon(Runnable callback);

    /** Schedules {@code callback} to run {@code delaySeconds} from now (0 or less: next iteration). */
    TimerHandle callLater(double delaySeconds, Runnable callback);

    /** {@link #callLater(double, Runnable)} with a {@link Duration}. */
    default TimerHandle callLater(Duration delay, Runnable callback) {
        return callLater(Durations.toSeconds(delay), callback);
    }

    /** Schedules {@code callback} at loop time {@code when} (see {@link #time()}). */
    TimerHandle callAt(double when, Runnable callback);

    /**
     * The only way to schedule a callback from another thread: appends it to the ready queue and wakes
     * the loop if it is waiting for I/O.
     */
    Handle callSoonThreadsafe(Runnable callback);

    /** The loop's monotonic clock, in seconds (the epoch is unspecified). */
    double time();

    /** Runs until {@link #stop()} is called. */
    void runForever();

    /**
     * Runs until {@code awaitable} is done and returns its result (or throws its failure). A coroutine
     * is wrapped in a task.
     *
     * @throws IllegalStateException if the loop is closed, already running (unless
     *         {@link NestAsyncio#apply()} made it re-entrant), or stopped before the awaitable is done
     */
    <T> T runUntilComplete(Awaitable<T> awaitable);

    /** Asks the loop to stop after the current iteration. */
    void stop();

    /**
     * Closes the loop: pending callbacks are dropped and the default executor is shut down without
     * waiting. Idempotent.
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    void close();

    boolean isRunning();

    boolean isClosed();

    /** A new pending future bound to this loop. */
    <T> Future<T> createFuture();

    /** Wraps {@code coro} in a task scheduled on this loop (through the task factory, if one is set). */
    <T> Task<T> createTask(Coroutine<T> coro);

    /** {@link #createTask(Coroutine)} with a name. */
    <T> Task<T> createTask(Coroutine<T> coro, String name);

    /** {@link #createTask(Coroutine)} with a name (or null) and a context the task runs in (shared, not copied). */
    <T> Task<T> createTask(Coroutine<T> coro, String name, Context context);

    /** Sets the factory {@code createTask} uses; null restores the default (lazy start). */
    void setTaskFactory(TaskFactory factory);

    TaskFactory getTaskFactory();

    /** Sets the handler for errors that have no caller; null restores the default (logging). */
    void setExceptionHandler(ExceptionHandler handler);

    ExceptionHandler getExceptionHandler();

    /** Reports an error to the exception handler (or the default one). Never throws. */
    void callExceptionHandler(ExceptionContext context);

    /** The default handler: logs the context at ERROR through {@code System.Logger} "org.asyncio4j". */
    void defaultExceptionHandler(ExceptionContext context);

    /** Debug mode: slow callbacks and task steps are logged. */
    void setDebug(boolean enabled);

    boolean getDebug();

    /** The duration above which debug mode logs a callback as slow (default 0.1 s). */
    void setSlowCallbackDuration(double seconds);

    double getSlowCallbackDuration();

    /**
     * Runs {@code fn} on {@code executor} (null: the loop's default thread pool) and returns a future of
     * its result. Cancelling the future does not interrupt a call that has started.
     */
    <T> Future<T> runInExecutor(Executor executor, Callable<T> fn);

    /** Sets the executor {@code runInExecutor(null, ...)} uses. */
    void setDefaultExecutor(java.util.concurrent.ExecutorService executor);

    /**
     * Shuts the default executor down and waits up to {@code timeoutSeconds} for its threads. Later
     * {@code runInExecutor(null, ...)} calls fail.
     */
    void shutdownDefaultExecutor(double timeoutSeconds);
}
