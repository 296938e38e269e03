package org.asyncio4j;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.asyncio4j.internal.Throwables;

/**
 * The result of an operation that completes later, bound to one event loop: counterpart of
 * {@code asyncio.Future}.
 *
 * <p>A future is PENDING, then either FINISHED (with a result or an exception) or CANCELLED, and never
 * changes again. Done-callbacks are never run inline: completing a future schedules each callback with
 * {@code callSoon}, in registration order, in the context captured when it was added. A coroutine that
 * awaits a pending future is resumed on a later loop iteration.
 *
 * <p>Not thread-safe: use it on its loop's thread (see {@link Asyncio#wrapFuture} and
 * {@link Asyncio#runCoroutineThreadsafe} to cross threads).
 *
 * @param <T> the type of the result
 */
public class Future<T> implements Awaitable<T> {
    private static final Cleaner CLEANER = Cleaner.create();

    /** The three states of a future. */
    enum State { PENDING, FINISHED, CANCELLED }

    final BaseEventLoop loop;
    State state = State.PENDING;
    private T result;
    private Throwable exception;
    String cancelMessage;
    /** For a task: the CancelledError its coroutine raised, chained into the one result() raises. */
    CancelledError cancelledCause;
    /** The first callback (a Consumer or a waiting Task) and its context; the rest in {@link #more}. */
    private Object callback0;
    private Object[] context0;
    private List<Object> more;
    private UnretrievedReport unretrieved;

    /** A pending future on the running loop (or the current loop of this thread). */
    public Future() {
        this(BaseEventLoop.require(Asyncio.getEventLoop()));
    }

    Future(BaseEventLoop loop) {
        this.loop = loop;
    }

    /** The loop this future belongs to. */
    public EventLoop getLoop() {
        return loop;
    }

    public boolean isDone() {
        return state != State.PENDING;
    }

    public boolean isCancelled() {
        return state == State.CANCELLED;
    }

    /**
     * The result.
     *
     * @throws CancelledError if the future was cancelled
     * @throws InvalidStateException if it is still pending
     * @throws RuntimeException the failure, if it failed (a checked one wrapped in
     *         {@link java.util.concurrent.CompletionException})
     */
    public T result() {
        switch (state) {
            case PENDING -> throw new InvalidStateException("Result is not ready: " + this);
            case CANCELLED -> throw makeCancelledError();
            default -> {
                if (exception != null) {
                    markRetrieved();
                    throw Throwables.rethrow(exception);
                }
                return result;
            }
        }
    }

    /**
     * The failure, or null if the future succeeded.
     *
     * @throws CancelledError if it was cancelled
     * @throws InvalidStateException if it is still pending
     */
    public Throwable exception() {
        switch (state) {
            case PENDING -> throw new InvalidStateException("Exception is not set: " + this);
            case CANCELLED -> throw makeCancelledError();
            default -> {
                markRetrieved();
                return exception;
            }
        }
    }

    /** Completes the future with a value; schedules the callbacks. Throws InvalidStateException if done. */
    public void setResult(T value) {
        completeWithResult(value);
    }

    /**
     * Completes the future with a failure; schedules the callbacks.
     *
     * @throws InvalidStateException if it is already done
     */
    public void setException(Throwable e) {
        completeWithException(e);
    }

    /** Cancels the future if it is pending (and schedules the callbacks); returns whether it did. */
    public boolean cancel() {
        return cancel(null);
    }

    /** {@link #cancel()} with a message that the {@link CancelledError} will carry. */
    public boolean cancel(String msg) {
        return cancelFuture(msg);
    }

    /**
     * Adds a callback run with this future once it is done (on a later iteration if it is done already),
     * in a copy of the current context.
     */
    public void addDoneCallback(Consumer<? super Future<T>> callback) {
        java.util.Objects.requireNonNull(callback, "callback");
        Object[] ctx = Context.current().vars;
        if (state != State.PENDING) {
            loop.callSoonWithContext(() -> callback.accept(this), ctx);
        } else {
            addEntry(callback, ctx);
        }
    }

    /** Removes every registration of {@code callback}; returns how many there were. */
    public int removeDoneCallback(Consumer<? super Future<T>> callback) {
        int removed = 0;
        if (callback0 != null && callback0.equals(callback)) {
            callback0 = null;
            context0 = null;
            removed++;
        }
        if (more != null) {
            List<Object> kept = new ArrayList<>(more.size());
            List<Object> snapshot = new ArrayList<>(more);
            for (int i = 0; i < snapshot.size(); i += 2) {
                if (snapshot.get(i).equals(callback)) {
                    removed++;
                } else {
                    kept.add(snapshot.get(i));
                    kept.add(snapshot.get(i + 1));
                }
            }
            more = kept;
        }
        return removed;
    }

    /**
     * Suspends the current coroutine until this future is done, then returns its result (or throws as
     * {@link #result()} does). Returns at once, without suspending, if it is already done.
     *
     * <p>Cancellation: if the awaiting task is cancelled while it waits, this future is cancelled too
     * (use {@link Asyncio#shield} to prevent that) and {@link CancelledError} is thrown here.
     */
    @Override
    public T await() {
        if (state == State.PENDING) {
            Task<?> task = BaseEventLoop.awaitingTask(this);
            if (task != null) {
                task.suspendOn(this);
                if (state == State.PENDING) {
                    throw new IllegalStateException("await wasn't used with future: " + this);
                }
            }
        }
        return result();
    }

    // ------------------------------------------------------------------ internals

    final void completeWithResult(T value) {
        if (state != State.PENDING) {
            throw new InvalidStateException("invalid state: " + this + " is already done");
        }
        result = value;
        state = State.FINISHED;
        onDone();
    }

    final void completeWithException(Throwable e) {
        java.util.Objects.requireNonNull(e, "exception");
        if (state != State.PENDING) {
            throw new InvalidStateException("invalid state: " + this + " is already done");
        }
        exception = e;
        state = State.FINISHED;
        unretrieved = UnretrievedReport.track(this, e);
        onDone();
    }

    final boolean cancelFuture(String msg) {
        if (state != State.PENDING) {
            return false;
        }
        cancelMessage = msg;
        state = State.CANCELLED;
        onDone();
        return true;
    }

    /** The error that result() raises for a cancelled future, chained to the task's own, if any. */
    CancelledError makeCancelledError() {
        return new CancelledError(cancelledCause != null ? cancelledCause.getMessage() : cancelMessage, cancelledCause);
    }

    final Throwable exceptionUnchecked() {
        return exception;
    }

    final T resultUnchecked() {
        return result;
    }

    final void markRetrieved() {
        if (unretrieved != null) {
            unretrieved.retrieved = true;
            unretrieved = null;
        }
    }

    /** Registers a task to be woken (its next step scheduled) when this future is done. */
    /** Registers an internal listener (see {@link FutureListener}); the future must be pending. */
    final void addListener(FutureListener listener) {
        addEntry(listener, null);
    }

    /** Whether {@code listener} is registered on this (pending) future. */
    final boolean hasListener(FutureListener listener) {
        if (callback0 == listener) {
            return true;
        }
        if (more != null) {
            for (int i = 0; i < more.size(); i += 2) {
                if (more.get(i) == listener) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The ready item that delivers this (done) future to {@code listener}; tasks lend their idle step. */
    ReadyItem listenerItem(FutureListener listener) {
        return new ListenerItem(listener, this);
    }

    final void addWaiter(Task<?> task) {
        addEntry(task, null);
    }

    /** Undoes {@link #addWaiter} (for a suspension the JVM refused). */
    final void removeWaiter(Task<?> task) {
        if (callback0 == task) {
            callback0 = null;
            context0 = null;
        } else if (more != null) {
            for (int i = 0; i < more.size(); i += 2) {
                if (more.get(i) == task) {
                    more.remove(i + 1);
                    more.remove(i);
                    return;
                }
            }
        }
    }

    private void addEntry(Object cb, Object[] ctx) {
        if (callback0 == null && more == null) {
            callback0 = cb;
            context0 = ctx;
        } else {
            if (more == null) {
                more = new ArrayList<>(4);
            }
            more.add(cb);
            more.add(ctx);
        }
    }

    /** Hook for subclasses (tasks leave the loop's registry); runs before the callbacks are scheduled. */
    void beforeCallbacks() {}

    private void onDone() {
        beforeCallbacks();
        Object cb = callback0;
        Object[] ctx = context0;
        List<Object> rest = more;
        callback0 = null;
        context0 = null;
        more = null;
        if (cb != null) {
            schedule(cb, ctx);
        }
        if (rest != null) {
            for (int i = 0; i < rest.size(); i += 2) {
                schedule(rest.get(i), (Object[]) rest.get(i + 1));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void schedule(Object cb, Object[] ctx) {
        if (cb instanceof Task<?> waiter) {
            loop.wakeUp(waiter);
        } else if (cb instanceof FutureListener listener) {
            loop.enqueue(listenerItem(listener));
        } else {
            Consumer<Object> c = (Consumer<Object>) cb;
            loop.callSoonWithContext(new DoneCallback(c, this), ctx);
        }
    }

    /** A done-callback bound to its future: a Runnable whose toString names the callback. */
    private record DoneCallback(Consumer<Object> callback, Future<?> future) implements Runnable {
        @Override
        public void run() {
            callback.accept(future);
        }

        @Override
        public String toString() {
            return String.valueOf(callback);
        }
    }

    /** "state" in asyncio's repr words. */
    String stateWord() {
        return switch (state) {
            case PENDING -> "pending";
            case CANCELLED -> "cancelled";
            case FINISHED -> "finished";
        };
    }

    String resultDescription() {
        if (state != State.FINISHED) {
            return "";
        }
        return exception != null ? " exception=" + exception : " result=" + abbreviate(String.valueOf(result));
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    @Override
    public String toString() {
        return "<Future " + stateWord() + resultDescription() + ">";
    }

    /**
     * Reports "Future exception was never retrieved" (or "Task ...") when a failed future that nobody
     * asked for its exception is garbage-collected. Registered only for failed futures.
     */
    private static final class UnretrievedReport implements Runnable {
        private final BaseEventLoop loop;
        private final Throwable exception;
        private final String message;
        private final String description;
        /** The failed task's context, the handler runs in it (null for a plain future). */
        private final Context context;
        volatile boolean retrieved;

        private UnretrievedReport(BaseEventLoop loop, Throwable exception, String message, String description,
                                  Context context) {
            this.loop = loop;
            this.exception = exception;
            this.message = message;
            this.description = description;
            this.context = context;
        }

        static UnretrievedReport track(Future<?> f, Throwable e) {
            boolean isTask = f instanceof Task;
            UnretrievedReport r = new UnretrievedReport(f.loop, e,
                    (isTask ? "Task" : "Future") + " exception was never retrieved", f.toString(),
                    f instanceof Task<?> t ? t.getContext() : null);
            CLEANER.register(f, r);
            return r;
        }

        @Override
        public void run() {
            if (!retrieved) {
                loop.reportFromAnyThread(ExceptionContext.of(message + " (" + description + ")", exception), context);
            }
        }
    }
}
