package org.asyncio4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * asyncio's module-level functions. {@code import static org.asyncio4j.Asyncio.*;} and write asyncio:
 *
 * {@snippet :
 * int answer = run(() -> {
 *     Task<Integer> t = createTask(() -> { sleep(0.1); return 41; });
 *     return t.await() + 1;
 * });
 * }
 */
public final class Asyncio {
    private static final ThreadLocal<EventLoop> CURRENT_LOOP = new ThreadLocal<>();

    private Asyncio() {}

    // ------------------------------------------------------------------ runners

    /**
     * Runs {@code main} on a new event loop, then cancels the tasks it left behind, shuts down the
     * default executor and closes the loop; returns main's result or throws its failure. Counterpart of
     * {@code asyncio.run}.
     *
     * @throws IllegalStateException if a loop is already running on this thread (unless
     *         {@link NestAsyncio#apply()} made loops re-entrant; then main runs on the current loop)
     */
    public static <T> T run(Coroutine<T> main) {
        return run(main, null);
    }

    /** {@link #run(Coroutine)} for a body without a result. */
    public static void run(AsyncRunnable main) {
        run(main.asCoroutine(), null);
    }

    /** {@link #run(Coroutine)} on a loop made by {@code loopFactory} (null: {@link #newEventLoop()}). */
    public static <T> T run(Coroutine<T> main, Supplier<? extends EventLoop> loopFactory) {
        java.util.Objects.requireNonNull(main, "main");
        if (NestAsyncio.isApplied()) {
            return NestAsyncio.runOnCurrentLoop(main);
        }
        if (BaseEventLoop.runningLoopOfThisThread() != null) {
            throw new IllegalStateException("asyncio.run() cannot be called from a running event loop"
                    + " (await the coroutine instead, or call NestAsyncio.apply() to allow nesting)");
        }
        try (Runner runner = new Runner(loopFactory)) {
            return runner.run(main);
        }
    }

    // ------------------------------------------------------------------ sleeping

    /**
     * Suspends the current coroutine for {@code seconds}. Zero or less yields for exactly one loop
     * iteration. Counterpart of {@code asyncio.sleep}.
     *
     * <p>Cancellation: throws {@link CancelledError} at once and cancels the timer.
     *
     * @throws IllegalArgumentException if {@code seconds} is NaN
     */
    public static void sleep(double seconds) {
        sleep(seconds, null);
    }

    /** {@link #sleep(double)} with a {@link Duration}. */
    public static void sleep(Duration duration) {
        sleep(Durations.toSeconds(duration), null);
    }

    /** {@link #sleep(double)}, then returns {@code result}. */
    public static <T> T sleep(double seconds, T result) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("Invalid delay: NaN (not a number)");
        }
        Task<?> task = BaseEventLoop.suspendingTask("sleep()");
        if (task == null) {
            if (NestAsyncio.isApplied()) {
                return getEventLoop().runUntilComplete(() -> sleep(seconds, result));
            }
            throw new IllegalStateException("sleep() called outside a coroutine: run it inside Asyncio.run(...) or a"
                    + " task, or call NestAsyncio.apply() first to await at the top level");
        }
        if (seconds <= 0) {
            task.yieldOnce();
            return result;
        }
        BaseEventLoop loop = task.loop;
        Future<T> wake = new Future<>(loop);
        TimerHandle timer = loop.callLater(seconds, () -> {
            if (!wake.isDone()) {
                wake.completeWithResult(result);
            }
        });
        try {
            return wake.await();
        } finally {
            timer.cancel();
        }
    }

    // ------------------------------------------------------------------ tasks

    /** Wraps {@code coro} in a task on the running loop. Counterpart of {@code asyncio.create_task}. */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        return getRunningLoop().createTask(coro);
    }

    /** {@link #createTask(Coroutine)} with a name. */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return getRunningLoop().createTask(coro, name);
    }

    /** {@link #createTask(Coroutine)} with a name (or null) and a context the task runs in (shared). */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name, Context context) {
        return getRunningLoop().createTask(coro, name, context);
    }

    /** {@link #createTask(Coroutine)} for a body without a result. */
    public static Task<Void> createTask(AsyncRunnable body) {
        return getRunningLoop().createTask(body.asCoroutine());
    }

    /** The task whose coroutine is running now, or null in a plain loop callback. */
    public static Task<?> currentTask() {
        return requireRunning().currentTask;
    }

    /** The running loop's tasks that are not done. */
    public static Set<Task<?>> allTasks() {
        return requireRunning().pendingTasks();
    }

    // ------------------------------------------------------------------ gather

    /**
     * Runs the awaitables concurrently and returns a future of their results, in argument order.
     * Counterpart of {@code asyncio.gather(*aws)}: the first failure (or child cancellation) completes the
     * returned future at once, and the other children keep running.
     *
     * <p>Cancellation: cancelling the returned future cancels every child that is not done, and the
     * future then ends with a {@link CancelledError} as its exception.
     */
    public static Future<List<Object>> gather(Awaitable<?>... aws) {
        List<Awaitable<?>> list = java.util.Arrays.asList(aws);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Future<List<Object>> f = (Future) gather((List) list, false);
        return f;
    }

    /**
     * {@link #gather(Awaitable...)} over a list; with {@code returnExceptions} failures and cancellations
     * are placed in the result list (as Throwable instances) instead of failing the future.
     */
    public static <T> Future<List<T>> gather(List<? extends Awaitable<? extends T>> aws, boolean returnExceptions) {
        if (aws.isEmpty()) {
            Future<List<T>> done = getEventLoop().createFuture();
            done.setResult(new ArrayList<>());
            return done;
        }
        Map<Awaitable<?>, Future<? extends T>> seen = new IdentityHashMap<>();
        List<Future<? extends T>> children = new ArrayList<>(aws.size());
        BaseEventLoop loop = null;
        for (Awaitable<? extends T> aw : aws) {
            Future<? extends T> f = seen.get(aw);
            if (f == null) {
                f = loop == null ? ensureFuture(aw) : ensureFuture(aw, loop);
                if (loop == null) {
                    loop = f.loop;
                } else if (f.loop != loop) {
                    throw new IllegalArgumentException("all futures passed to gather() must belong to the same loop");
                }
                seen.put(aw, f);
            }
            children.add(f);
        }
        GatheringFuture<T> outer = new GatheringFuture<>(loop, children, seen.size(), returnExceptions);
        for (Future<? extends T> f : seen.values()) {
            f.addDoneCallback(outer);
        }
        return outer;
    }

    // ------------------------------------------------------------------ loops

    /**
     * The loop running on this thread.
     *
     * @throws IllegalStateException "no running event loop" if there is none
     */
    public static EventLoop getRunningLoop() {
        return requireRunning();
    }

    private static BaseEventLoop requireRunning() {
        BaseEventLoop loop = BaseEventLoop.runningLoopOfThisThread();
        if (loop == null) {
            throw new IllegalStateException("no running event loop");
        }
        return loop;
    }

    /**
     * The running loop, else this thread's current loop (see {@link #setEventLoop}). As in Python 3.14 it
     * fails when there is neither, except after {@link NestAsyncio#apply()}, which creates and sets one.
     */
    public static EventLoop getEventLoop() {
        BaseEventLoop running = BaseEventLoop.runningLoopOfThisThread();
        if (running != null) {
            return running;
        }
        EventLoop current = CURRENT_LOOP.get();
        if (current == null || (current.isClosed() && NestAsyncio.isApplied())) {
            if (!NestAsyncio.isApplied()) {
                throw new IllegalStateException("There is no current event loop in thread '" + Thread.currentThread().getName()
                        + "': create one with setEventLoop(newEventLoop()), or use Asyncio.run(...)");
            }
            current = newEventLoop();
            CURRENT_LOOP.set(current);
        }
        return current;
    }

    /** A new {@link SelectorEventLoop}. */
    public static EventLoop newEventLoop() {
        return new SelectorEventLoop();
    }

    /** Sets this thread's current (not running) loop; null clears it. */
    public static void setEventLoop(EventLoop loop) {
        if (loop == null) {
            CURRENT_LOOP.remove();
        } else {
            CURRENT_LOOP.set(loop);
        }
    }

    static EventLoop currentLoopOrNull() {
        return CURRENT_LOOP.get();
    }

    // ------------------------------------------------------------------ threads

    /**
     * Runs blocking code on the loop's default executor, with a copy of the current context, and
     * suspends until it returns. Counterpart of {@code asyncio.to_thread}.
     *
     * <p>Cancellation: the awaiting coroutine gets {@link CancelledError}; a call already running on the
     * other thread is not interrupted (its result is discarded).
     */
    public static <T> T toThread(Callable<T> blocking) {
        Context ctx = Context.copyContext();
        return getRunningLoop().runInExecutor(null, () -> ctx.run(blocking)).await();
    }

    /**
     * Submits {@code coro} to {@code loop} from any other thread; the returned future completes with its
     * result. Cancelling that future cancels the task (a cancelled task completes it with
     * {@link CancellationException}). Counterpart of {@code asyncio.run_coroutine_threadsafe}.
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        java.util.Objects.requireNonNull(coro, "coro");
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.callSoonThreadsafe(() -> {
            if (result.isDone()) {
                return;
            }
            Task<T> task;
            try {
                task = loop.createTask(coro);
            } catch (Throwable t) {
                result.completeExceptionally(t);
                loop.callExceptionHandler(ExceptionContext.of("runCoroutineThreadsafe: creating the task failed", t));
                return;
            }
            task.addDoneCallback(t -> {
                if (t.isCancelled()) {
                    result.cancel(false);
                } else if (t.exceptionUnchecked() != null) {
                    result.completeExceptionally(t.exception());
                } else {
                    result.complete(t.result());
                }
            });
            result.whenComplete((v, e) -> {
                if (result.isCancelled() && !task.isDone()) {
                    try {
                        loop.callSoonThreadsafe(task::cancel);
                    } catch (IllegalStateException closed) {
                        // the loop is gone; nothing left to cancel
                    }
                }
            });
        });
        return result;
    }

    /**
     * An asyncio future on the running (or current) loop that follows {@code stage}. Cancelling it cancels
     * the stage if that is a {@link CompletableFuture} still pending. Counterpart of
     * {@code asyncio.wrap_future}.
     */
    public static <T> Future<T> wrapFuture(CompletionStage<T> stage) {
        BaseEventLoop loop = BaseEventLoop.require(getEventLoop());
        Future<T> f = new Future<>(loop);
        CompletableFuture<T> cf = stage.toCompletableFuture();
        f.addDoneCallback(done -> {
            if (done.isCancelled()) {
                cf.cancel(false);
            }
        });
        stage.whenComplete((v, e) -> {
            Runnable copy = () -> {
                if (f.isDone()) {
                    return;
                }
                if (e == null) {
                    f.completeWithResult(v);
                } else {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof CancellationException) {
                        f.cancel();
                    } else {
                        f.completeWithException(cause);
                    }
                }
            };
            try {
                loop.callSoonThreadsafe(copy);
            } catch (IllegalStateException closed) {
                // loop closed: nobody left to tell
            }
        });
        return f;
    }

    // ------------------------------------------------------------------ inspection

    /** Whether {@code o} is a coroutine ({@link Coroutine}). */
    public static boolean isCoroutine(Object o) {
        return o instanceof Coroutine;
    }

    /** Whether {@code o} can be awaited ({@link Awaitable}). */
    public static boolean isAwaitable(Object o) {
        return o instanceof Awaitable;
    }

    /** Whether {@code o} is a {@link Future} (tasks included). */
    public static boolean isFuture(Object o) {
        return o instanceof Future;
    }

    /**
     * {@code aw} as a future: a future or task as it is, a coroutine (or any other awaitable) wrapped in
     * a task on the current loop. Counterpart of {@code asyncio.ensure_future}.
     */
    public static <T> Future<T> ensureFuture(Awaitable<T> aw) {
        if (aw instanceof Future<T> f) {
            return f;
        }
        return ensureFuture(aw, getEventLoop());
    }

    /**
     * {@link #ensureFuture(Awaitable)} on {@code loop}.
     *
     * @throws IllegalArgumentException if {@code aw} is a future of another loop
     */
    public static <T> Future<T> ensureFuture(Awaitable<T> aw, EventLoop loop) {
        java.util.Objects.requireNonNull(aw, "awaitable");
        if (aw instanceof Future<T> f) {
            if (f.getLoop() != loop) {
                throw new IllegalArgumentException("The future belongs to a different loop than the one specified as the loop argument");
            }
            return f;
        }
        if (aw instanceof Coroutine<T> c) {
            return loop.createTask(c);
        }
        return loop.createTask(aw::await);
    }
}
