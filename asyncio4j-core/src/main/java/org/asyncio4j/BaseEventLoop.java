package org.asyncio4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.asyncio4j.internal.Throwables;
import org.asyncio4j.internal.TimerHeap;
import org.asyncio4j.internal.poll.Poller;
import org.asyncio4j.internal.poll.SelectorPoller;

/**
 * The event loop: counterpart of {@code asyncio.BaseEventLoop}. Subclasses choose the clock
 * ({@link SelectorEventLoop}: real time; {@link org.asyncio4j.testing.VirtualTimeLoop}: virtual).
 *
 * <p>One iteration is asyncio's {@code _run_once}: compute the poll timeout (0 if callbacks are ready,
 * else until the earliest timer, else unbounded), poll I/O, move due timers to the ready queue, then run
 * exactly the callbacks that were ready at that point, in FIFO order. Callbacks scheduled meanwhile run
 * on the next iteration.
 */
public abstract class BaseEventLoop implements EventLoop {
    static final Logger LOG = System.getLogger("org.asyncio4j");
    private static final ThreadLocal<BaseEventLoop> RUNNING = new ThreadLocal<>();
    private static final long MAX_POLL_NANOS = 86_400L * 1_000_000_000L;
    private static final AtomicInteger EXECUTOR_THREADS = new AtomicInteger();

    private final ArrayDeque<ReadyItem> ready = new ArrayDeque<>(256);
    private final TimerHeap<TimerHandle> timers = new TimerHeap<>(BaseEventLoop::timerOrder);
    private final ConcurrentLinkedQueue<ReadyItem> threadsafe = new ConcurrentLinkedQueue<>();
    private final Poller poller;
    private long timerSequence;
    private int cancelledTimers;

    private volatile boolean running;
    private volatile boolean closed;
    private boolean stopping;
    private volatile Thread loopThread;

    /** The task whose step is running, or null (asyncio's {@code _current_tasks[loop]}). */
    Task<?> currentTask;
    /** Reused holder for the context of the callback being run (callbacks run in a snapshot). */
    final Context callbackContext = new Context();
    /** The context slot of the thread running this loop's iterations (see {@link Context.Slot}). */
    Context.Slot contextSlot = Context.slot();
    /** Iterations run so far (read, racily, by the {@link StallWatchdog}). */
    long iterations;
    /** Head of the intrusive list of pending tasks. */
    private Task<?> pendingTasks;
    private int pendingTaskCount;

    private ExceptionHandler exceptionHandler;
    private TaskFactory taskFactory;
    /** Read on every suspension: a plain field (a flag another thread sets becomes visible soon enough). */
    private boolean debug;
    private double slowCallbackDuration = 0.1;
    private ExecutorService defaultExecutor;
    private boolean executorShutdown;
    /** Executor calls whose result has not yet come back to the loop. */
    private int pendingExecutorCalls;

    protected BaseEventLoop() {
        this.poller = new SelectorPoller();
    }

    // ------------------------------------------------------------------ scheduling

    @Override
    public Handle callSoon(Runnable callback) {
        checkClosed();
        checkOwner("callSoon");
        java.util.Objects.requireNonNull(callback, "callback");
        drainThreadsafe();
        Handle h = new Handle(this, callback, Context.current().vars);
        ready.add(h);
        return h;
    }

    @Override
    public TimerHandle callLater(double delaySeconds, Runnable callback) {
        if (Double.isNaN(delaySeconds)) {
            throw new IllegalArgumentException("delay must be a number, not NaN");
        }
        return callAt(time() + delaySeconds, callback);
    }

    @Override
    public TimerHandle callAt(double when, Runnable callback) {
        checkClosed();
        checkOwner("callAt");
        java.util.Objects.requireNonNull(callback, "callback");
        if (Double.isNaN(when)) {
            throw new IllegalArgumentException("when must be a number, not NaN");
        }
        TimerHandle h = new TimerHandle(this, when, timerSequence++, callback, Context.current().vars);
        timers.add(h);
        return h;
    }

    @Override
    public Handle callSoonThreadsafe(Runnable callback) {
        java.util.Objects.requireNonNull(callback, "callback");
        checkClosed();
        Handle h = new Handle(this, callback, Context.current().vars);
        if (running && isLoopThread()) {
            drainThreadsafe();
            ready.add(h);
        } else {
            threadsafe.add(h);
            poller.wakeup();
        }
        return h;
    }

    /** Schedules a callback that runs in the given context snapshot (done-callbacks). */
    void callSoonWithContext(Runnable callback, Object[] contextVars) {
        checkClosed();
        ready.add(new Handle(this, callback, contextVars));
    }

    /** Appends an internal item (a task step) to the ready queue. */
    void enqueue(ReadyItem item) {
        ready.add(item);
    }

    /** Takes an item back out of the ready queue (a task step whose suspension was refused). */
    void removeReady(ReadyItem item) {
        ready.removeLastOccurrence(item);
    }

    /** Schedules the next step of a task whose awaited future is done. */
    void wakeUp(Task<?> task) {
        if (!closed) {
            ready.add(task.stepItem());
        }
    }

    /** Timers run by deadline, and in scheduling order for equal deadlines (one static compare). */
    private static int timerOrder(TimerHandle a, TimerHandle b) {
        int byWhen = Double.compare(a.when(), b.when());
        return byWhen != 0 ? byWhen : Long.compare(a.sequence, b.sequence);
    }

    void timerCancelled() {
        cancelledTimers++;
    }

    private void drainThreadsafe() {
        if (!threadsafe.isEmpty()) {
            ReadyItem item;
            while ((item = threadsafe.poll()) != null) {
                ready.add(item);
            }
        }
    }

    // ------------------------------------------------------------------ running

    @Override
    public void runForever() {
        checkClosed();
        if (running) {
            if (isLoopThread() && NestAsyncio.isPatched(this)) {
                runNested(null);
                return;
            }
            throw new IllegalStateException("This event loop is already running");
        }
        if (RUNNING.get() != null) {
            throw new IllegalStateException("Cannot run the event loop while another loop is running");
        }
        Task.ENGINE.runLoop(this::runForeverBody);
    }

    private void runForeverBody() {
        Thread previousThread = loopThread;
        loopThread = Thread.currentThread();
        RUNNING.set(this);
        Context.Slot previousSlot = contextSlot;
        contextSlot = Context.slot();
        running = true;
        StallWatchdog.watch(this);
        try {
            while (true) {
                runOnce();
                if (stopping) {
                    break;
                }
            }
        } finally {
            StallWatchdog.unwatch(this);
            stopping = false;
            running = false;
            RUNNING.remove();
            contextSlot = previousSlot;
            loopThread = previousThread;
        }
    }

    /** Runs iterations inside a running loop (re-entrant mode) until {@code until} is done or the loop stops. */
    private void runNested(Future<?> until) {
        Task<?> preempted = currentTask;
        currentTask = null;
        Context.Slot outerSlot = contextSlot;
        contextSlot = Context.slot();
        try {
            while (until == null || !until.isDone()) {
                runOnce();
                if (stopping) {
                    break;
                }
            }
        } finally {
            currentTask = preempted;
            contextSlot = outerSlot;
            if (until == null) {
                // a nested runForever consumes the stop; a nested runUntilComplete leaves it for the
                // enclosing runs (nest_asyncio), and the outermost one clears it
                stopping = false;
            }
        }
    }

    @Override
    public <T> T runUntilComplete(Awaitable<T> awaitable) {
        checkClosed();
        if (running) {
            if (!isLoopThread()) {
                throw new IllegalStateException("This event loop is already running (in another thread)");
            }
            if (!NestAsyncio.isPatched(this)) {
                throw new IllegalStateException("This event loop is already running"
                        + " (call NestAsyncio.apply() to allow nested runUntilComplete/run)");
            }
            Future<T> f = Asyncio.ensureFuture(awaitable, this);
            runNested(f);
            if (!f.isDone()) {
                throw new IllegalStateException("Event loop stopped before Future completed.");
            }
            return f.result();
        }
        if (RUNNING.get() != null) {
            throw new IllegalStateException("Cannot run the event loop while another loop is running");
        }
        Future<T> f = Asyncio.ensureFuture(awaitable, this);
        java.util.function.Consumer<Future<T>> stopWhenDone = done -> {
            // A fatal error already ended runForever (asyncio issue #22429): a stop() now would be
            // left pending and end the next run after one iteration.
            if (done.isCancelled() || !Throwables.isFatal(done.exceptionUnchecked())) {
                stop();
            }
        };
        f.addDoneCallback(stopWhenDone);
        try {
            runForever();
        } catch (Throwable t) {
            if (f != awaitable && f.isDone() && !f.isCancelled()) {
                f.markRetrieved(); // the fatal error that escaped was also stored in the task
            }
            throw t;
        } finally {
            f.removeDoneCallback(stopWhenDone);
        }
        if (!f.isDone()) {
            throw new IllegalStateException("Event loop stopped before Future completed.");
        }
        return f.result();
    }

    @Override
    public void stop() {
        stopping = true;
    }

    /** One iteration of the loop (asyncio's {@code _run_once}). */
    final void runOnce() {
        iterations++;
        dropCancelledTimers();
        drainThreadsafe();
        long timeoutNanos;
        if (!ready.isEmpty() || stopping) {
            timeoutNanos = 0;
        } else if (!timers.isEmpty()) {
            double delay = timers.peek().when() - time();
            timeoutNanos = delay <= 0 ? 0 : (long) Math.min(delay * 1e9, MAX_POLL_NANOS);
            if (timeoutNanos == 0 && delay > 0) {
                timeoutNanos = 1;
            }
        } else {
            timeoutNanos = -1;
        }
        pollIo(timeoutNanos);
        drainThreadsafe();
        double now = timers.isEmpty() ? 0 : time();
        while (!timers.isEmpty() && timers.peek().when() <= now) {
            TimerHandle h = timers.poll();
            h.scheduled = false;
            if (h.isCancelled()) {
                cancelledTimers--;
            } else {
                ready.add(h);
            }
        }
        int n = ready.size();
        boolean measure = debug;
        for (int i = 0; i < n; i++) {
            ReadyItem item = ready.poll();
            if (item == null) {
                break; // a nested run (re-entrant mode) consumed it
            }
            if (item.isCancelledItem()) {
                continue;
            }
            if (measure) {
                runMeasured(item);
            } else {
                item.runReady();
            }
        }
    }

    private void runMeasured(ReadyItem item) {
        long t0 = System.nanoTime();
        String what = item.toString();
        item.runReady();
        double took = (System.nanoTime() - t0) / 1e9;
        if (took >= slowCallbackDuration) {
            LOG.log(Level.WARNING, String.format(Locale.ROOT, "Executing %s took %.3f seconds", what, took));
        }
    }

    private void dropCancelledTimers() {
        if (timers.size() > 100 && cancelledTimers * 2 > timers.size()) {
            int removed = timers.removeIf(h -> {
                if (h.isCancelled()) {
                    h.scheduled = false;
                    return true;
                }
                return false;
            });
            cancelledTimers -= removed;
        } else {
            while (!timers.isEmpty() && timers.peek().isCancelled()) {
                timers.poll().scheduled = false;
                cancelledTimers--;
            }
        }
    }

    /**
     * Waits for I/O up to {@code timeoutNanos} (0: do not wait; negative: no limit). A virtual-time loop
     * overrides this to jump its clock instead of waiting when nothing else can happen.
     */
    protected void pollIo(long timeoutNanos) {
        try {
            poller.poll(timeoutNanos);
        } catch (IOException e) {
            throw new UncheckedIOException("polling for I/O failed", e);
        }
    }

    /** The deadline of the earliest scheduled timer, or NaN if there is none (for virtual clocks). */
    protected final double nextTimerDeadline() {
        TimerHandle h = timers.peek();
        return h == null ? Double.NaN : h.when();
    }

    /** Whether anything outside the loop (I/O, executor calls) could still schedule a callback. */
    protected boolean hasPendingIo() {
        return poller.hasInterest() || pendingExecutorCalls > 0;
    }

    /** Whether there are ready callbacks queued (for tests and re-entrant mode). */
    protected boolean hasReadyCallbacks() {
        return !ready.isEmpty() || !threadsafe.isEmpty();
    }

    /** The number of timers in the heap, cancelled ones not yet dropped included (for tests). */
    final int timerCount() {
        return timers.size();
    }

    /** The loop's I/O poller (for the transports). */
    public final Poller poller() {
        checkOwner("poller");
        return poller;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (running) {
            throw new IllegalStateException("Cannot close a running event loop");
        }
        if (closed) {
            return;
        }
        closed = true;
        for (Task<?> t : pendingTasks()) {
            t.abandonFiber(); // they will never run again: let the engine release their stacks
        }
        ready.clear();
        threadsafe.clear();
        timers.removeIf(h -> true);
        cancelledTimers = 0;
        ExecutorService ex = defaultExecutor;
        defaultExecutor = null;
        if (ex != null) {
            ex.shutdown();
        }
        poller.close();
    }

    // ------------------------------------------------------------------ futures and tasks

    @Override
    public <T> Future<T> createFuture() {
        checkClosed();
        return new Future<>(this);
    }

    @Override
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null, null);
    }

    @Override
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return createTask(coro, name, null);
    }

    @Override
    public <T> Task<T> createTask(Coroutine<T> coro, String name, Context context) {
        checkClosed();
        checkOwner("createTask");
        TaskFactory f = taskFactory;
        if (f == null) {
            return Task.create(this, coro, name, context, false);
        }
        Task<T> t = f.create(this, coro, name, context);
        if (name != null) {
            t.setName(name);
        }
        return t;
    }

    @Override
    public void setTaskFactory(TaskFactory factory) {
        this.taskFactory = factory;
    }

    @Override
    public TaskFactory getTaskFactory() {
        return taskFactory;
    }

    void registerTask(Task<?> t) {
        Task<?> head = pendingTasks;
        t.nextPending = head;
        if (head != null) {
            head.prevPending = t;
        }
        pendingTasks = t;
        pendingTaskCount++;
    }

    void unregisterTask(Task<?> t) {
        Task<?> prev = t.prevPending;
        Task<?> next = t.nextPending;
        if (prev == null && next == null && pendingTasks != t) {
            return;
        }
        if (prev != null) {
            prev.nextPending = next;
        } else {
            pendingTasks = next;
        }
        if (next != null) {
            next.prevPending = prev;
        }
        t.prevPending = null;
        t.nextPending = null;
        pendingTaskCount--;
    }

    /** The tasks of this loop that are not done, oldest first. */
    Set<Task<?>> pendingTasks() {
        Task<?>[] all = new Task<?>[pendingTaskCount];
        int i = pendingTaskCount;
        for (Task<?> t = pendingTasks; t != null && i > 0; t = t.nextPending) {
            all[--i] = t;
        }
        Set<Task<?>> result = new LinkedHashSet<>();
        for (Task<?> t : all) {
            if (t != null) {
                result.add(t);
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ errors and debug

    @Override
    public void setExceptionHandler(ExceptionHandler handler) {
        this.exceptionHandler = handler;
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        return exceptionHandler;
    }

    @Override
    public void callExceptionHandler(ExceptionContext context) {
        ExceptionHandler h = exceptionHandler;
        if (h == null) {
            try {
                defaultExceptionHandler(context);
            } catch (Throwable t) {
                if (Throwables.isFatal(t)) {
                    throw t;
                }
                LOG.log(Level.ERROR, "Exception in default exception handler", t);
            }
            return;
        }
        try {
            handleInContext(h, context);
        } catch (Throwable t) {
            if (Throwables.isFatal(t)) {
                throw t;
            }
            try {
                defaultExceptionHandler(new ExceptionContext("Unhandled error in exception handler", t, null, null, null, context));
            } catch (Throwable t2) {
                if (Throwables.isFatal(t2)) {
                    throw t2;
                }
                LOG.log(Level.ERROR, "Exception in default exception handler while handling an unexpected error"
                        + " in custom exception handler", t2);
            }
        }
    }

    /** Runs a custom handler in the context of the task the report names, as asyncio does (gh-96704). */
    private void handleInContext(ExceptionHandler h, ExceptionContext context) {
        Task<?> owner = context.task() != null ? context.task() : context.future() instanceof Task<?> t ? t : null;
        if (owner == null) {
            h.handle(this, context);
            return;
        }
        Context previous = Context.swap(owner.getContext());
        try {
            h.handle(this, context);
        } finally {
            Context.restore(previous);
        }
    }

    @Override
    public void defaultExceptionHandler(ExceptionContext context) {
        StringBuilder sb = new StringBuilder(context.message() == null ? "Unhandled error in event loop" : context.message());
        if (context.task() != null) {
            sb.append("\ntask: ").append(context.task());
        }
        if (context.future() != null) {
            sb.append("\nfuture: ").append(context.future());
        }
        if (context.handle() != null) {
            sb.append("\nhandle: ").append(context.handle());
        }
        if (context.context() != null) {
            sb.append("\ncontext: ").append(context.context());
        }
        LOG.log(Level.ERROR, sb.toString(), context.exception());
    }

    /**
     * Reports an error from any thread (used by the collector of unretrieved failures), in
     * {@code taskContext} if not null: the context of the task that failed.
     */
    void reportFromAnyThread(ExceptionContext ctx, Context taskContext) {
        if (!closed) {
            try {
                callSoonThreadsafe(() -> {
                    Context previous = taskContext == null ? null : Context.swap(taskContext);
                    try {
                        callExceptionHandler(ctx);
                    } finally {
                        if (taskContext != null) {
                            Context.restore(previous);
                        }
                    }
                });
                return;
            } catch (IllegalStateException closedMeanwhile) {
                // fall through to logging directly
            }
        }
        defaultExceptionHandler(ctx);
    }

    @Override
    public void setDebug(boolean enabled) {
        debug = enabled;
    }

    @Override
    public boolean getDebug() {
        return debug;
    }

    @Override
    public void setSlowCallbackDuration(double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("slow callback duration must be >= 0, not " + seconds);
        }
        slowCallbackDuration = seconds;
    }

    @Override
    public double getSlowCallbackDuration() {
        return slowCallbackDuration;
    }

    // ------------------------------------------------------------------ executors

    @Override
    public <T> Future<T> runInExecutor(Executor executor, Callable<T> fn) {
        checkClosed();
        checkOwner("runInExecutor");
        java.util.Objects.requireNonNull(fn, "fn");
        Executor ex = executor != null ? executor : defaultExecutor();
        Future<T> result = new Future<>(this);
        FutureTask<T> call = new FutureTask<>(fn) {
            @Override
            protected void done() {
                try {
                    callSoonThreadsafe(() -> {
                        pendingExecutorCalls--;
                        copyOutcome(this, result);
                    });
                } catch (IllegalStateException loopClosed) {
                    // the loop is gone: nobody is left to tell
                }
            }
        };
        result.addDoneCallback(f -> {
            if (f.isCancelled()) {
                call.cancel(false);
            }
        });
        ex.execute(call); // may throw RejectedExecutionException: then nothing is pending
        pendingExecutorCalls++;
        return result;
    }

    private static <T> void copyOutcome(java.util.concurrent.Future<T> from, Future<T> to) {
        if (to.isDone()) {
            return;
        }
        if (from.isCancelled()) {
            to.cancel();
            return;
        }
        try {
            to.completeWithResult(from.get());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CancelledError) {
                to.cancel(cause.getMessage());
            } else {
                to.completeWithException(cause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            to.completeWithException(e);
        }
    }

    private ExecutorService defaultExecutor() {
        if (executorShutdown) {
            throw new IllegalStateException("Executor shutdown has been called");
        }
        ExecutorService ex = defaultExecutor;
        if (ex == null) {
            int n = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
            ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "asyncio4j-executor-" + EXECUTOR_THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
            defaultExecutor = ex = pool;
        }
        return ex;
    }

    @Override
    public void setDefaultExecutor(ExecutorService executor) {
        this.defaultExecutor = java.util.Objects.requireNonNull(executor, "executor");
    }

    @Override
    public void shutdownDefaultExecutor(double timeoutSeconds) {
        executorShutdown = true;
        ExecutorService ex = defaultExecutor;
        if (ex == null) {
            return;
        }
        ex.shutdown();
        try {
            if (!ex.awaitTermination((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "The executor did not finishing joining its threads within " + timeoutSeconds + " seconds.");
                ex.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ threads

    /** Whether the calling thread is the one running this loop (or, on the portable engine, one of its fibers). */
    final boolean isLoopThread() {
        Thread t = Thread.currentThread();
        return t == loopThread || RUNNING.get() == this;
    }

    /** Rejects calls from a foreign thread while the loop runs, naming the safe alternative. */
    final void checkOwner(String method) {
        if (running && !isLoopThread()) {
            throw new IllegalStateException("Non-thread-safe operation invoked on an event loop other than the current one: "
                    + method + "() was called from thread '" + Thread.currentThread().getName() + "' while the loop runs in '"
                    + (loopThread == null ? "?" : loopThread.getName()) + "'; use callSoonThreadsafe or runCoroutineThreadsafe");
        }
    }

    final void checkClosed() {
        if (closed) {
            throw new IllegalStateException("Event loop is closed");
        }
    }

    /**
     * The thread doing this loop's work right now: the running task's own thread on the portable engine,
     * else the loop's thread (null if the loop is not running). Read racily, for the watchdog.
     */
    final Thread threadAtWork() {
        Task<?> t = currentTask;
        Thread fiberThread = t == null ? null : t.fiberThread();
        return fiberThread != null ? fiberThread : loopThread;
    }

    /** The loop running on this thread, or null. */
    static BaseEventLoop runningLoopOfThisThread() {
        return RUNNING.get();
    }

    static void setRunningLoopOfThisThread(BaseEventLoop loop) {
        RUNNING.set(loop);
    }

    static BaseEventLoop require(EventLoop loop) {
        if (loop instanceof BaseEventLoop b) {
            return b;
        }
        throw new IllegalArgumentException("asyncio4j needs a loop built on BaseEventLoop, got " + loop);
    }

    /**
     * The task that awaits {@code fut} (the caller must be its coroutine), or null after driving the loop
     * until {@code fut} is done (a top-level await once NestAsyncio is applied).
     */
    static Task<?> awaitingTask(Future<?> fut) {
        if (Task.ENGINE.current() instanceof org.asyncio4j.internal.engine.Fiber f
                && f.body() instanceof Task<?>.Step step && step.isCurrentTaskOfItsLoop()) {
            return step.task(); // the common case, without a thread-local lookup
        }
        BaseEventLoop running = RUNNING.get();
        if (running != null) {
            Task<?> t = running.currentTask;
            if (t != null && t.isRunningHere()) {
                return t;
            }
            throw new IllegalStateException("await() called outside a coroutine: this code runs in a plain callback of"
                    + " the event loop, not in a task; put it in a coroutine and start it with createTask(...)");
        }
        if (NestAsyncio.isApplied()) {
            fut.getLoop().runUntilComplete(fut);
            return null;
        }
        throw new IllegalStateException("await() called outside a coroutine: run it inside Asyncio.run(...) or a task,"
                + " or call NestAsyncio.apply() first to await at the top level (jshell, notebooks)");
    }

    /** The task whose coroutine is calling (for sleep and other suspending calls); throws like awaitingTask. */
    static Task<?> suspendingTask(String operation) {
        BaseEventLoop running = RUNNING.get();
        if (running != null) {
            Task<?> t = running.currentTask;
            if (t != null && t.isRunningHere()) {
                return t;
            }
            throw new IllegalStateException(operation + " called outside a coroutine: this code runs in a plain callback"
                    + " of the event loop, not in a task; put it in a coroutine and start it with createTask(...)");
        }
        return null;
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " running=" + running + " closed=" + closed + " debug=" + debug + ">";
    }
}
