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
        // Futures are deduplicated by the gatherer's own listener registration; other awaitables (which
        // become new tasks) through a map, made only when there are some.
        Map<Awaitable<?>, Future<? extends T>> wrapped = null;
        GatheringFuture<T> outer = null;
        for (Awaitable<? extends T> aw : aws) {
            Future<? extends T> f;
            if (aw instanceof Future<? extends T> fut) {
                f = fut;
            } else {
                if (wrapped == null) {
                    wrapped = new IdentityHashMap<>();
                }
                f = wrapped.get(aw);
                if (f == null) {
                    f = outer == null ? ensureFuture(aw) : ensureFuture(aw, outer.loop);
                    wrapped.put(aw, f);
                }
            }
            if (outer == null) {
                outer = new GatheringFuture<>(f.loop, aws.size(), returnExceptions);
            } else if (f.loop != outer.loop) {
                throw new IllegalArgumentException("all futures passed to gather() must belong to the same loop");
            }
            outer.addChild(f);
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

    // ------------------------------------------------------------------ cancellation, timeouts, structured concurrency
    //
    // "No timeout" is Double.POSITIVE_INFINITY wherever a timeout in seconds is taken (asyncio's None);
    // NaN is refused with IllegalArgumentException. The logic lives in Waits, AsCompleted, Timeout and
    // TaskGroup.

    /**
     * Awaits {@code aw} while protecting it from the caller's cancellation: the returned future follows
     * {@code aw} (its result, failure or cancellation) but cancelling it leaves {@code aw} running. An
     * {@code aw} already done is returned as it is; a coroutine is wrapped in a task. Counterpart of
     * {@code asyncio.shield}.
     *
     * <p>Cancellation: a caller awaiting {@code shield(aw)} that is cancelled still gets
     * {@link CancelledError} at once, and the returned future is cancelled; the inner work is not
     * cancelled and keeps running (keep a reference to it to collect its result). If the inner work is
     * cancelled by other means, the returned future is cancelled too.
     */
    public static <T> Future<T> shield(Awaitable<T> aw) {
        return Waits.shield(aw);
    }

    /**
     * Awaits {@code aw} for at most {@code timeoutSeconds} and returns its result. A coroutine runs
     * inline in the calling task, inside a {@link Timeout} scope; a future or task is awaited. With a
     * timeout of 0 or less, {@code aw} is wrapped in a task and, unless already done, cancelled before it
     * could start (a coroutine passed so never runs). {@link Double#POSITIVE_INFINITY} means no timeout.
     * Counterpart of {@code asyncio.wait_for} (3.12+).
     *
     * <p>Cancellation: when the timeout passes, the inner work is cancelled and {@code waitFor} waits
     * until it has really finished; then it throws {@link TimedOutException} whose cause is the
     * {@link CancelledError}, or returns the inner result if the work swallowed the cancellation, or
     * throws the exception the work raised while cancelling. If the caller is cancelled, the inner work
     * is cancelled too and the caller gets {@link CancelledError}. Wrap {@code aw} in {@link #shield} to
     * keep it running past a timeout.
     *
     * @throws TimedOutException if the timeout passed
     * @throws IllegalArgumentException if {@code timeoutSeconds} is NaN
     * @throws IllegalStateException outside a coroutine
     */
    public static <T> T waitFor(Awaitable<T> aw, double timeoutSeconds) {
        return Waits.waitFor(aw, timeoutSeconds);
    }

    /** {@link #waitFor(Awaitable, double)} with a {@link Duration}. */
    public static <T> T waitFor(Awaitable<T> aw, Duration timeout) {
        return Waits.waitFor(aw, Durations.toSeconds(timeout));
    }

    /**
     * Waits until every future in {@code fs} is done and returns them all as done. Counterpart of
     * {@code asyncio.wait(fs)}. Call it as {@code Asyncio.wait(...)}: a static import cannot reach it,
     * because every class inherits {@code Object.wait}.
     *
     * <p>Cancellation: cancelling the caller stops the wait; the futures are not cancelled.
     */
    public static <T> Done<T> wait(java.util.Collection<? extends Future<T>> fs) {
        return Waits.wait(fs, Double.POSITIVE_INFINITY, ReturnWhen.ALL_COMPLETED);
    }

    /** {@link #wait(java.util.Collection, double, ReturnWhen)} without a timeout. */
    public static <T> Done<T> wait(java.util.Collection<? extends Future<T>> fs, ReturnWhen when) {
        return Waits.wait(fs, Double.POSITIVE_INFINITY, when);
    }

    /**
     * Waits until {@code when} is met or {@code timeoutSeconds} have passed, and returns which of the
     * futures are done and which are pending (duplicates count once). It never throws
     * {@link TimedOutException} and never cancels a future. {@link Double#POSITIVE_INFINITY} means no
     * timeout. Counterpart of {@code asyncio.wait(fs, timeout=, return_when=)}; call it as
     * {@code Asyncio.wait(...)} (a static import is shadowed by {@code Object.wait}).
     *
     * <p>Cancellation: cancelling the caller throws {@link CancelledError} in it and leaves the futures
     * untouched and running.
     *
     * @throws IllegalArgumentException "Set of Tasks/Futures is empty." for an empty {@code fs}; a null
     *         {@code when}; a NaN timeout
     */
    public static <T> Done<T> wait(java.util.Collection<? extends Future<T>> fs, double timeoutSeconds, ReturnWhen when) {
        return Waits.wait(fs, timeoutSeconds, when);
    }

    /** {@link #wait(java.util.Collection, double, ReturnWhen)} with a {@link Duration}. */
    public static <T> Done<T> wait(java.util.Collection<? extends Future<T>> fs, Duration timeout, ReturnWhen when) {
        return Waits.wait(fs, Durations.toSeconds(timeout), when);
    }

    /** {@link #asCompleted(java.util.Collection, double)} without a timeout. */
    public static <T> Iterable<Future<T>> asCompleted(java.util.Collection<? extends Awaitable<T>> aws) {
        return new AsCompleted<>(aws, Double.POSITIVE_INFINITY);
    }

    /**
     * The awaitables' outcomes in the order they finish: each future the iteration yields is new, and
     * when it is first awaited (or given a done-callback) it takes the next outcome, so the usual loop
     * gets the fastest awaitable first, with its result, its failure, or a {@link CancelledError}; it
     * completes at once if an awaitable already finished unclaimed. Coroutines are wrapped in tasks,
     * duplicates count once. After {@code timeoutSeconds} ({@link Double#POSITIVE_INFINITY}: never),
     * every future not yet completed fails with {@link TimedOutException}. The iteration is single-use
     * and its own iterator, so a loop left with {@code break} can be resumed. Counterpart of
     * {@code asyncio.as_completed} (the plain-iteration form).
     * {@snippet :
     * for (Future<String> next : asCompleted(List.of(a, b, c), 5)) {
     *     System.out.println(next.await());    // fastest first
     * }
     * }
     *
     * <p>Cancellation: cancelling a caller that awaits one of the yielded futures cancels only that
     * future (the next outcome goes to the next future); the awaitables themselves are never cancelled,
     * not even when the timeout passes.
     *
     * @throws IllegalArgumentException if {@code timeoutSeconds} is NaN
     */
    public static <T> Iterable<Future<T>> asCompleted(java.util.Collection<? extends Awaitable<T>> aws, double timeoutSeconds) {
        return new AsCompleted<>(aws, timeoutSeconds);
    }

    /** {@link #asCompleted(java.util.Collection, double)} with a {@link Duration}. */
    public static <T> Iterable<Future<T>> asCompleted(java.util.Collection<? extends Awaitable<T>> aws, Duration timeout) {
        return new AsCompleted<>(aws, Durations.toSeconds(timeout));
    }

    /**
     * Runs {@code body} in the current task with a deadline {@code delaySeconds} from now
     * ({@link Double#POSITIVE_INFINITY}: none; 0 or less: the next loop iteration) and returns its
     * result. Counterpart of {@code async with asyncio.timeout(delay):}.
     *
     * <p>Cancellation: at the deadline the task is cancelled; the body gets {@link CancelledError} at
     * its current suspension point, and when it ends the scope throws {@link TimedOutException} (cause:
     * that CancelledError) and leaves the task not cancelled. A cancellation from elsewhere propagates as
     * {@link CancelledError}. See {@link Timeout} for nesting and the details.
     *
     * @throws TimedOutException if the deadline passed
     * @throws IllegalStateException outside a task ("Timeout should be used inside a task")
     */
    public static <T> T timeout(double delaySeconds, Coroutine<T> body) {
        java.util.Objects.requireNonNull(body, "body");
        return Waits.timeoutAfter(delaySeconds).run(t -> body.call());
    }

    /**
     * {@link #timeout(double, Coroutine)} for a body that receives the {@link Timeout}, to read or move
     * its deadline.
     */
    public static <T> T timeout(double delaySeconds, TimeoutBody<T> body) {
        return Waits.timeoutAfter(delaySeconds).run(body);
    }

    /** {@link #timeout(double, Coroutine)} with a {@link Duration}. */
    public static <T> T timeout(Duration delay, Coroutine<T> body) {
        return timeout(Durations.toSeconds(delay), body);
    }

    /** {@link #timeout(double, TimeoutBody)} with a {@link Duration}. */
    public static <T> T timeout(Duration delay, TimeoutBody<T> body) {
        return timeout(Durations.toSeconds(delay), body);
    }

    /**
     * {@link #timeout(double, TimeoutBody)} with a deadline in loop time ({@link EventLoop#time()}):
     * {@link Double#POSITIVE_INFINITY} for none. Counterpart of {@code asyncio.timeout_at}.
     *
     * <p>Cancellation: as {@link #timeout(double, Coroutine)}.
     */
    public static <T> T timeoutAt(double when, TimeoutBody<T> body) {
        return new Timeout(when).run(body);
    }

    /** {@link #timeoutAt(double, TimeoutBody)} for a body that does not need the {@link Timeout}. */
    public static <T> T timeoutAt(double when, Coroutine<T> body) {
        java.util.Objects.requireNonNull(body, "body");
        return new Timeout(when).run(t -> body.call());
    }

    /**
     * Runs {@code body} as the scope of a new {@link TaskGroup}: the tasks it starts with
     * {@link TaskGroup#createTask} all end before this returns the body's result. Counterpart of
     * {@code async with asyncio.TaskGroup() as tg:}.
     * {@snippet :
     * int total = taskGroup(tg -> {
     *     Task<Integer> a = tg.createTask(() -> count("a"));
     *     Task<Integer> b = tg.createTask(() -> count("b"));
     *     sleep(0.1);                 // the body may await too
     *     return a.await() + b.await();
     * });
     * }
     *
     * <p>Cancellation: the first task that fails cancels the other tasks and the body, and the failures
     * arrive together as an {@link ExceptionGroup} once every task has ended. If the caller is cancelled
     * from outside, all tasks are cancelled and awaited, then the caller gets {@link CancelledError}.
     *
     * @throws ExceptionGroup "unhandled errors in a TaskGroup (N sub-exceptions)" if tasks or the body
     *         failed
     * @throws IllegalStateException outside a task
     */
    public static <T> T taskGroup(TaskGroupBody<T> body) {
        return new TaskGroup().run(body);
    }

    /**
     * {@link #taskGroup(TaskGroupBody)} for a body without a result:
     * {@code taskGroup(tg -> { tg.createTask(a); tg.createTask(b); })}. (A one-expression lambda such as
     * {@code tg -> tg.createTask(a)} fits both overloads: give it braces.)
     *
     * <p>Cancellation: as {@link #taskGroup(TaskGroupBody)}.
     */
    @SuppressWarnings("overloads") // deliberate: the void-bodied form of the same scope
    public static void taskGroup(AsyncConsumer<TaskGroup> body) {
        java.util.Objects.requireNonNull(body, "body");
        new TaskGroup().run(tg -> {
            body.accept(tg);
            return null;
        });
    }
}
