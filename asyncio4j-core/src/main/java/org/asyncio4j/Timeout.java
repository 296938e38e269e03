package org.asyncio4j;

import java.util.Locale;
import org.asyncio4j.internal.Throwables;

/**
 * A deadline for a stretch of code in a task: when the loop clock reaches {@link #when()}, the task is
 * cancelled, and the scope turns the resulting {@link CancelledError} into a {@link TimedOutException}.
 * The counterpart of asyncio's {@code Timeout}, the object of {@code async with asyncio.timeout(...)}.
 *
 * <p>Usually made and entered by {@link Asyncio#timeout(double, TimeoutBody)} or
 * {@link Asyncio#timeoutAt(double, TimeoutBody)}:
 * {@snippet :
 * String page = timeout(10, t -> {
 *     String first = fetch("a");
 *     t.reschedule(t.when() + 5);      // more time for the second part
 *     return first + fetch("b");
 * });
 * }
 *
 * <p>A scope goes through the states created, active (entered), expiring (the deadline passed and the
 * task was cancelled, the body has not ended yet), expired, or finished (it ended before the deadline).
 *
 * <p>Cancellation: when the deadline passes the task is cancelled at its current suspension point, so
 * the body sees {@link CancelledError} and may clean up (even suspend again) before it ends. When it ends,
 * the scope withdraws its cancellation request ({@link Task#uncancel()}); if no other request arrived
 * meanwhile, the {@code CancelledError} leaving the body becomes a {@link TimedOutException} whose cause
 * is that {@code CancelledError}, and the task is not left cancelled. If the task was also cancelled
 * from elsewhere, the {@code CancelledError} propagates unchanged. Of several nested scopes that
 * expired, only the outermost converts. A body that ends with another exception after the deadline
 * passed propagates that exception, with a {@link TimedOutException} attached as suppressed (asyncio
 * 3.13 inserts it into the exception's context chain, which Java does not have); so does each member of
 * an {@link ExceptionGroup}.
 *
 * <p>Deadlines: {@code null} or {@link Double#POSITIVE_INFINITY} never expire; a deadline at or
 * before the current loop time expires on the next loop iteration.
 *
 * <p>Not thread-safe: use it on its loop's thread.
 */
public final class Timeout {
    private enum State {
        CREATED("created"), ENTERED("active"), EXPIRING("expiring"), EXPIRED("expired"), EXITED("finished");

        final String word;

        State(String word) {
            this.word = word;
        }
    }

    private State state = State.CREATED;
    /** The deadline in loop time, or null for none. */
    private Double when;
    /** The pending callback that expires the scope, or null. */
    private Handle handle;
    /** The task the scope guards, once entered. */
    private Task<?> task;
    /** The task's cancellation count when the scope was entered. */
    private int cancellingAtEntry;

    /**
     * A scope, not yet entered, with a deadline in loop time ({@link EventLoop#time()}).
     *
     * @param when the deadline; null or {@link Double#POSITIVE_INFINITY} for none
     * @throws IllegalArgumentException if {@code when} is NaN
     */
    public Timeout(Double when) {
        this.when = checkWhen(when);
    }

    /** The deadline in loop time, or null if the scope has none. */
    public Double when() {
        return when;
    }

    /**
     * Moves the deadline to loop time {@code when}; null disables it. A deadline at or before the
     * current loop time expires the scope on the next loop iteration.
     *
     * @throws IllegalStateException "Timeout has not been entered" before the scope runs, "Cannot change
     *         state of expiring Timeout" (or expired, finished) after its deadline passed or it ended
     * @throws IllegalArgumentException if {@code when} is NaN
     */
    public void reschedule(Double when) {
        if (state != State.ENTERED) {
            if (state == State.CREATED) {
                throw new IllegalStateException("Timeout has not been entered");
            }
            throw new IllegalStateException("Cannot change state of " + state.word + " Timeout");
        }
        this.when = checkWhen(when);
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        if (when == null || when == Double.POSITIVE_INFINITY) {
            return; // never expires: no timer at all (asyncio would park one at +inf)
        }
        BaseEventLoop loop = task.loop;
        handle = when <= loop.time() ? loop.callSoon(this::expire) : loop.callAt(when, this::expire);
    }

    /** Whether the deadline passed while the scope was active (it is expiring or expired). */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /**
     * Runs {@code body} inside this scope, in the current task, and returns its result. A scope can be
     * entered once. {@link Asyncio#timeout} and {@link Asyncio#timeoutAt} create and run a scope; this
     * method is for a scope made beforehand.
     *
     * <p>Cancellation: see the class comment.
     *
     * @throws TimedOutException if the deadline passed and the body ended with the resulting
     *         {@link CancelledError} (see the class comment)
     * @throws IllegalStateException "Timeout has already been entered" on a second entry, "Timeout should
     *         be used inside a task" outside a coroutine
     */
    public <T> T run(TimeoutBody<T> body) {
        java.util.Objects.requireNonNull(body, "body");
        enter();
        T result;
        try {
            result = body.run(this);
        } catch (Throwable e) {
            throw Throwables.rethrow(exit(e));
        }
        exit(null);
        return result;
    }

    private void enter() {
        if (state != State.CREATED) {
            throw new IllegalStateException("Timeout has already been entered");
        }
        BaseEventLoop loop = BaseEventLoop.runningLoopOfThisThread();
        if (loop == null) {
            throw new IllegalStateException("Timeout should be used inside a task: no running event loop");
        }
        Task<?> current = loop.currentTask;
        if (current == null || !current.isRunningHere()) {
            throw new IllegalStateException("Timeout should be used inside a task: this code runs in a plain"
                    + " callback of the event loop; put it in a coroutine started with createTask(...)");
        }
        state = State.ENTERED;
        task = current;
        cancellingAtEntry = current.cancelling();
        reschedule(when);
    }

    /** Leaves the scope as the body ended ({@code failure} null: normally); returns what to throw. */
    private Throwable exit(Throwable failure) {
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            if (task.uncancel() <= cancellingAtEntry && failure != null) {
                if (failure instanceof CancelledError) {
                    return new TimedOutException(expiryMessage(), failure);
                }
                recordExpiry(failure);
                if (failure instanceof ExceptionGroup group) {
                    for (Throwable member : group.exceptions()) {
                        recordExpiry(member);
                    }
                }
            }
        } else if (state == State.ENTERED) {
            state = State.EXITED;
        }
        return failure;
    }

    /** The deadline passed: cancel the task (the scope converts the outcome when the body ends). */
    private void expire() {
        task.cancel();
        state = State.EXPIRING;
        handle = null;
    }

    private void recordExpiry(Throwable failure) {
        failure.addSuppressed(new TimedOutException(expiryMessage(), cancelledErrorIn(failure)));
    }

    private static CancelledError cancelledErrorIn(Throwable t) {
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            if (c instanceof CancelledError ce) {
                return ce;
            }
        }
        return null;
    }

    private String expiryMessage() {
        return "Timeout expired (deadline: loop time " + format(when) + ")";
    }

    private static Double checkWhen(Double when) {
        if (when != null && when.isNaN()) {
            throw new IllegalArgumentException("Invalid deadline: NaN (not a number)");
        }
        return when;
    }

    private static String format(Double when) {
        if (when == null) {
            return "None";
        }
        if (when.isInfinite()) {
            return when > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.3f", when).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", ".0");
    }

    /** asyncio's repr: {@code <Timeout [active] when=12.346>}, {@code <Timeout [expired]>}, ... */
    @Override
    public String toString() {
        return "<Timeout [" + state.word + "]" + (state == State.ENTERED ? " when=" + format(when) : "") + ">";
    }
}
