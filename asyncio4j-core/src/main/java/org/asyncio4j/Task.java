package org.asyncio4j;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import org.asyncio4j.internal.Throwables;
import org.asyncio4j.internal.engine.Engine;
import org.asyncio4j.internal.engine.Engines;
import org.asyncio4j.internal.engine.Fiber;

/**
 * A coroutine scheduled on an event loop: counterpart of {@code asyncio.Task}. Create one with
 * {@link Asyncio#createTask} or {@link EventLoop#createTask}.
 *
 * <p>The task runs its coroutine in steps, each scheduled through the loop's ready queue; between two
 * suspension points nothing else runs on the loop. Every step runs in the task's {@link Context}.
 *
 * <p>Cancellation: {@link #cancel(String)} asks the coroutine to stop by throwing {@link CancelledError}
 * at its current (or next) suspension point. The coroutine may catch it to clean up; if it lets it
 * propagate the task ends cancelled, if it swallows it and returns, the task ends with that result.
 * {@link #cancelling()} counts pending cancellation requests; structured-concurrency code undoes its own
 * with {@link #uncancel()}.
 *
 * <p>Unlike asyncio, the loop keeps a strong reference to every pending task, so a fire-and-forget task
 * cannot disappear in the middle of its work.
 *
 * @param <T> the type of the result
 */
public final class Task<T> extends Future<T> {
    private static final AtomicLong COUNTER = new AtomicLong();
    static final Engine ENGINE = Engines.get();

    private Coroutine<T> coro;
    /** The name, or null for the default "Task-N" (built on demand: most tasks are never named). */
    private String name;
    private final long number;
    private final Context context;
    /** The context current in the coroutine when it last suspended (another one inside Context.run). */
    private Context resumeContext;
    private Fiber fiber;
    private final Step step = new Step();
    /** Whether the idle step of this done task was lent to a listener already. */
    private boolean stepLent;
    /** The future this task waits on, if suspended on one. */
    private Future<?> futWaiter;
    private boolean mustCancel;
    private int numCancelsRequested;
    /** Thrown into the coroutine when it resumes (a CancelledError), or null. */
    private Throwable resumeThrow;
    private boolean bodyReturned;
    private T bodyResult;
    private Throwable bodyFailure;
    /** Links in the loop's list of pending tasks. */
    Task<?> prevPending;
    Task<?> nextPending;

    private Task(BaseEventLoop loop, Coroutine<T> coro, String name, Context context) {
        super(loop);
        this.coro = java.util.Objects.requireNonNull(coro, "coro");
        this.name = name;
        this.number = name == null ? COUNTER.incrementAndGet() : 0;
        this.context = context != null ? context : new Context(Context.current().vars);
        this.resumeContext = this.context;
    }

    /**
     * Creates a task on {@code loop} and starts it: eagerly (its first step runs now) when {@code eager}
     * is set and the loop is running, else by scheduling its first step. Task factories call this.
     */
    public static <T> Task<T> create(EventLoop loop, Coroutine<T> coro, String name, Context context, boolean eager) {
        BaseEventLoop l = BaseEventLoop.require(loop);
        l.checkClosed();
        l.checkOwner("Task.create");
        Task<T> task = new Task<>(l, coro, name, context);
        l.registerTask(task);
        if (eager && l.isRunning() && l.isLoopThread()) {
            task.step(null);
            if (task.isDone()) {
                task.coro = null; // as asyncio: an eagerly completed task keeps no coroutine
            }
        } else {
            l.enqueue(task.step);
        }
        return task;
    }

    public String getName() {
        String n = name;
        if (n == null) {
            name = n = "Task-" + number;
        }
        return n;
    }

    public void setName(String name) {
        this.name = String.valueOf(name);
    }

    /** The coroutine, or null once a task started eagerly has completed within its eager step. */
    public Coroutine<T> getCoro() {
        return coro;
    }

    /** The context every step of this task runs in. */
    public Context getContext() {
        return context;
    }

    /** Tasks complete by running their coroutine: always throws. */
    @Override
    public void setResult(T value) {
        throw new IllegalStateException("Task does not support setResult operation");
    }

    /** Tasks complete by running their coroutine: always throws. */
    @Override
    public void setException(Throwable e) {
        throw new IllegalStateException("Task does not support setException operation");
    }

    /**
     * Requests cancellation: the coroutine gets {@link CancelledError} (carrying {@code msg}) at its
     * current or next suspension point. Returns false if the task is done, true otherwise (also when
     * called again), and counts the request (see {@link #cancelling()}).
     */
    @Override
    public boolean cancel(String msg) {
        if (isDone()) {
            return false;
        }
        numCancelsRequested++;
        if (futWaiter != null && futWaiter.cancel(msg)) {
            return true;
        }
        mustCancel = true;
        cancelMessage = msg;
        return true;
    }

    /** The number of cancellation requests not yet undone by {@link #uncancel()}. */
    public int cancelling() {
        return numCancelsRequested;
    }

    /**
     * Undoes one cancellation request and returns the remaining count. When it reaches 0 a pending
     * request that has not yet been delivered is withdrawn. For structured-concurrency code only.
     */
    public int uncancel() {
        if (numCancelsRequested > 0) {
            numCancelsRequested--;
            if (numCancelsRequested == 0) {
                mustCancel = false;
            }
        }
        return numCancelsRequested;
    }

    /**
     * Prints where the task is suspended (or, for a failed task, where it failed) to {@code out}, most
     * recent call first: counterpart of {@code Task.print_stack}.
     */
    public void printStack(PrintStream out) {
        StackTraceElement[] frames = getStack();
        if (frames.length == 0) {
            out.println("No stack for " + this);
            return;
        }
        out.println((exceptionIfFailed() != null ? "Traceback for " : "Stack for ") + this + " (most recent call first):");
        for (StackTraceElement f : frames) {
            out.println("\tat " + f);
        }
        Throwable failure = exceptionIfFailed();
        if (failure != null) {
            out.println(failure);
        }
    }

    /** {@link #printStack(PrintStream)} to standard error. */
    public void printStack() {
        printStack(System.err);
    }

    /** The frames of a suspended task's coroutine, or of a failed task's exception; else empty. */
    public StackTraceElement[] getStack() {
        Throwable failure = exceptionIfFailed();
        if (failure != null) {
            return failure.getStackTrace();
        }
        if (isDone() || fiber == null) {
            return new StackTraceElement[0];
        }
        // Keep the coroutine's frames: drop the engine's frames above the suspending call and the
        // task's own frames below the coroutine's body (user frames in between are kept as they are).
        StackTraceElement[] frames = fiber.suspendedStack();
        int top = 0;
        while (top < frames.length && isMachinery(frames[top].getClassName())) {
            top++;
        }
        int bottom = top;
        while (bottom < frames.length && !isTaskFrame(frames[bottom].getClassName())) {
            bottom++;
        }
        return java.util.Arrays.copyOfRange(frames, top, bottom);
    }

    private static boolean isMachinery(String cls) {
        return cls.startsWith("jdk.internal.") || cls.startsWith("java.lang.") || cls.startsWith("java.util.concurrent.locks.")
                || cls.startsWith("org.asyncio4j.internal.") || isTaskFrame(cls);
    }

    private static boolean isTaskFrame(String cls) {
        return cls.equals(Task.class.getName()) || cls.startsWith(Task.class.getName() + "$");
    }

    private Throwable exceptionIfFailed() {
        return state == State.FINISHED ? exceptionUnchecked() : null;
    }

    @Override
    public String toString() {
        String coroText = coro == null ? "" : " coro=<" + describe(coro) + ">";
        String extra = "";
        if (state == State.PENDING && futWaiter != null) {
            extra = " wait_for=" + futWaiter;
        }
        return "<Task " + stateWord() + " name='" + getName() + "'" + coroText + resultDescription() + extra + ">";
    }

    private static String describe(Object coro) {
        String s = coro.getClass().getName();
        int lambda = s.indexOf("$$Lambda");
        if (lambda >= 0) {
            s = s.substring(0, lambda) + ".lambda";
        }
        return s.substring(s.lastIndexOf('.', s.endsWith(".lambda") ? s.length() - 8 : s.length()) + 1);
    }

    // ------------------------------------------------------------------ running the coroutine

    /**
     * The task's next step in the ready queue (one object per task, reused). Once the task is done it is
     * lent once to deliver the task to a {@link FutureListener} (gather), saving an allocation.
     */
    final class Step extends ReadyItem implements Runnable {
        Throwable exc;
        FutureListener listener;

        Task<T> task() {
            return Task.this;
        }

        /** Whether this task's step is the one running on its loop (so the calling fiber is its coroutine). */
        boolean isCurrentTaskOfItsLoop() {
            return loop.currentTask == Task.this;
        }

        /** The fiber's body (saves a separate Runnable per task). */
        @Override
        public void run() {
            runBody();
        }

        @Override
        void runReady() {
            FutureListener l = listener;
            if (l != null) {
                listener = null;
                ListenerItem.deliver(l, Task.this);
                return;
            }
            Throwable e = exc;
            exc = null;
            step(e);
        }

        @Override
        public String toString() {
            return Task.this.toString();
        }
    }

    Step stepItem() {
        return step;
    }

    @Override
    ReadyItem listenerItem(FutureListener l) {
        if (isDone() && !stepLent) {
            stepLent = true;
            step.listener = l;
            return step;
        }
        return super.listenerItem(l);
    }

    /** The loop was closed while this task was pending: lets the engine release the coroutine's stack. */
    void abandonFiber() {
        Fiber f = fiber;
        if (f != null && !f.isDone()) {
            ENGINE.abandon(f);
        }
    }

    /** The thread of this task's fiber, where it has one of its own (portable engine); else null. */
    Thread fiberThread() {
        Fiber f = fiber;
        return f == null ? null : f.ownThread();
    }

    /** Whether this task's coroutine is the code running right now on this thread. */
    boolean isRunningHere() {
        return fiber != null && ENGINE.current() == fiber;
    }

    /** One step: resumes the coroutine (throwing {@code exc} into it, if given) until it suspends or ends. */
    void step(Throwable exc) {
        if (isDone()) {
            return; // completed while this step was queued (cannot normally happen)
        }
        if (mustCancel) {
            // asyncio's __wakeup passes a cancelled future's CancelledError into __step as exc, where it
            // wins over the pending request: here await() raises that error itself once resumed.
            boolean awaitedWasCancelled = exc == null && futWaiter != null && futWaiter.isCancelled();
            if (!(exc instanceof CancelledError) && !awaitedWasCancelled) {
                exc = new CancelledError(cancelMessage);
            }
            mustCancel = false;
        }
        futWaiter = null;
        BaseEventLoop l = loop;
        Task<?> previousTask = l.currentTask;
        l.currentTask = this;
        Context.Slot slot = l.contextSlot;
        Context previousContext = slot.current;
        slot.current = resumeContext;
        try {
            if (fiber == null) {
                if (exc != null) {
                    // Cancelled (or failed) before it started: the body never runs.
                    bodyFailure = exc;
                    finish();
                    return;
                }
                fiber = ENGINE.newFiber(step);
            } else {
                resumeThrow = exc;
            }
            ENGINE.resume(fiber);
        } finally {
            // On the continuation engine the coroutine shares the loop thread's current context: keep
            // the one it suspended in for its next step.
            resumeContext = slot.current;
            slot.current = previousContext;
            l.currentTask = previousTask;
        }
        if (fiber.isDone()) {
            finish();
        }
    }

    private void runBody() {
        if (ENGINE.fibersHaveOwnThreads()) {
            Context.swap(context);
            BaseEventLoop.setRunningLoopOfThisThread(loop);
        }
        try {
            bodyResult = coro.call();
            bodyReturned = true;
        } catch (Throwable t) {
            bodyFailure = t;
        }
    }

    /** Records the coroutine's outcome; a fatal error is recorded and then escapes the loop. */
    private void finish() {
        fiber = null;
        Throwable failure = bodyFailure;
        bodyFailure = null;
        if (bodyReturned) {
            T r = bodyResult;
            bodyResult = null;
            if (mustCancel) {
                mustCancel = false;
                cancelFuture(cancelMessage);
            } else {
                completeWithResult(r);
            }
        } else if (failure instanceof CancelledError ce) {
            cancelledCause = ce;
            cancelFuture(ce.getMessage());
        } else {
            completeWithException(failure);
            if (Throwables.isFatal(failure)) {
                throw (Error) failure;
            }
        }
    }

    /** Called from {@link Future#await()} inside this task's coroutine: waits until {@code fut} is done. */
    void suspendOn(Future<?> fut) {
        if (fut == this) {
            throw new IllegalStateException("Task cannot await on itself: " + this);
        }
        if (fut.loop != loop) {
            throw new IllegalStateException("Task " + this + " got Future " + fut + " attached to a different loop");
        }
        if (loop.getDebug()) {
            ENGINE.checkNoMonitorHeld();
        }
        fut.addWaiter(this);
        futWaiter = fut;
        boolean cancelledFut = false;
        if (mustCancel && fut.cancel(cancelMessage)) {
            mustCancel = false;
            cancelledFut = true;
        }
        try {
            ENGINE.suspend();
        } catch (RuntimeException | Error refused) {
            // The JVM refused to suspend (a native frame below): the coroutine never left, so its
            // wake-up must not resume it later at another await. A cancel request it consumed stays
            // pending for the next suspension. (The portable engine also throws here to unwind a
            // coroutine abandoned by a closed loop; the undo is harmless then.)
            futWaiter = null;
            fut.removeWaiter(this);
            loop.removeReady(step);
            mustCancel |= cancelledFut;
            throw refused;
        }
        throwOnResume();
    }

    /** Gives up the loop for exactly one iteration (asyncio's bare {@code yield}, {@code sleep(0)}). */
    void yieldOnce() {
        if (loop.getDebug()) {
            ENGINE.checkNoMonitorHeld();
        }
        loop.enqueue(step);
        try {
            ENGINE.suspend();
        } catch (RuntimeException | Error refused) {
            loop.removeReady(step); // refused: see suspendOn
            throw refused;
        }
        throwOnResume();
    }

    /** After a resume: throws what the step asked to throw into the coroutine (a CancelledError). */
    private void throwOnResume() {
        Throwable t = resumeThrow;
        if (t != null) {
            resumeThrow = null;
            throw Throwables.rethrow(t);
        }
    }

    @Override
    void beforeCallbacks() {
        loop.unregisterTask(this);
    }
}
