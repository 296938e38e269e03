package org.asyncio4j;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs several top-level coroutines on one event loop, with one context shared by all its runs:
 * counterpart of {@code asyncio.Runner}. {@link Asyncio#run} is one Runner run.
 *
 * {@snippet :
 * try (Runner runner = new Runner()) {
 *     runner.run(() -> setUp());
 *     return runner.run(() -> work());
 * }
 * }
 *
 * <p>Closing it cancels the tasks left behind (reporting those that fail while cancelling), shuts the
 * default executor down and closes the loop.
 */
public final class Runner implements AutoCloseable {
    private enum State { CREATED, INITIALIZED, CLOSED }

    private final Supplier<? extends EventLoop> loopFactory;
    private State state = State.CREATED;
    private EventLoop loop;
    private boolean setCurrentLoop;
    private final Context context = Context.copyContext();

    /** A runner on a new {@link SelectorEventLoop}, set as this thread's current loop while it is open. */
    public Runner() {
        this(null);
    }

    /** A runner on the loop {@code loopFactory} makes (not set as current); null means the default. */
    public Runner(Supplier<? extends EventLoop> loopFactory) {
        this.loopFactory = loopFactory;
    }

    /** The runner's loop, created on first use. */
    public EventLoop getLoop() {
        lazyInit();
        return loop;
    }

    /**
     * Runs {@code coro} as a task on the runner's loop until it is done; returns its result or throws its
     * failure.
     *
     * @throws IllegalStateException if a loop is already running on this thread, or the runner is closed
     */
    public <T> T run(Coroutine<T> coro) {
        java.util.Objects.requireNonNull(coro, "coro");
        if (BaseEventLoop.runningLoopOfThisThread() != null) {
            throw new IllegalStateException("Runner.run() cannot be called from a running event loop");
        }
        lazyInit();
        Task<T> task = loop.createTask(coro, null, context);
        return loop.runUntilComplete(task);
    }

    /** Cancels leftover tasks, shuts down the default executor and closes the loop. Idempotent. */
    @Override
    public void close() {
        if (state != State.INITIALIZED) {
            state = State.CLOSED;
            return;
        }
        try {
            cancelAllTasks(loop);
            loop.shutdownDefaultExecutor(300);
        } finally {
            if (setCurrentLoop && Asyncio.currentLoopOrNull() == loop) {
                Asyncio.setEventLoop(null);
            }
            loop.close();
            loop = null;
            state = State.CLOSED;
        }
    }

    private void lazyInit() {
        if (state == State.CLOSED) {
            throw new IllegalStateException("Runner is closed");
        }
        if (state == State.INITIALIZED) {
            return;
        }
        if (loopFactory == null) {
            loop = Asyncio.newEventLoop();
            Asyncio.setEventLoop(loop);
            setCurrentLoop = true;
        } else {
            loop = loopFactory.get();
        }
        state = State.INITIALIZED;
    }

    /** asyncio's {@code _cancel_all_tasks}: cancel, wait, report failures other than cancellation. */
    static void cancelAllTasks(EventLoop loop) {
        BaseEventLoop l = BaseEventLoop.require(loop);
        List<Task<?>> tasks = new ArrayList<>(l.pendingTasks());
        if (tasks.isEmpty()) {
            return;
        }
        for (Task<?> t : tasks) {
            t.cancel();
        }
        loop.runUntilComplete(Asyncio.gather(tasks, true));
        for (Task<?> t : tasks) {
            if (t.isCancelled()) {
                continue;
            }
            Throwable e = t.exceptionUnchecked();
            if (e != null) {
                t.markRetrieved();
                loop.callExceptionHandler(ExceptionContext.ofTask("unhandled exception during asyncio.run() shutdown", e, t));
            }
        }
    }
}
