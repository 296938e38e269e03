package org.asyncio4j.sync;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.asyncio4j.AsyncRunnable;
import org.asyncio4j.CancelledError;
import org.asyncio4j.Coroutine;
import org.asyncio4j.EventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.internal.sync.Waiters;

/**
 * A condition variable: coroutines holding its lock wait until another coroutine notifies them.
 * Counterpart of {@code asyncio.Condition}.
 *
 * <p>The condition owns a {@link Lock} (a new one, or one passed in and possibly shared with other
 * conditions) and exposes its {@link #acquire()}, {@link #release()}, {@link #isLocked()} and
 * {@link #withLock}. {@link #await()} releases the lock, waits for a notification and re-acquires the
 * lock before it returns <em>or throws</em>; wake-ups may be spurious, so wait in a loop over the state
 * you need, or use {@link #waitFor(BooleanSupplier)}.
 *
 * <p><b>Names.</b> {@code Object.wait()}, {@code notify()} and {@code notifyAll()} are final, so asyncio's
 * {@code wait()} is {@link #await()}, {@code notify(n)} is {@link #notify(int)} (write {@code notify(1)}
 * for asyncio's {@code notify()}) and {@code notify_all()} is {@link #notifyAllWaiters()}. Calling the
 * inherited {@code wait()}, {@code notify()} or {@code notifyAll()} is a mistake that fails with
 * {@link IllegalMonitorStateException}.
 *
 * <p>Not thread-safe. The condition binds to the running loop the first time a coroutine waits on it.
 *
 * {@snippet :
 * Condition cond = new Condition();
 * // consumer
 * cond.withLock(() -> {
 *     cond.waitFor(() -> !items.isEmpty());
 *     take(items.removeFirst());
 * });
 * // producer
 * cond.withLock(() -> {
 *     items.add(item);
 *     cond.notify(1);
 * });
 * }
 */
public final class Condition {
    private final Lock lock;
    /** Waiter futures of the coroutines suspended in await(), in arrival order. */
    private final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();
    /** The loop of the first coroutine that waited, or null. */
    private EventLoop loop;

    /** A condition with a new lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /** A condition over {@code lock}, which other conditions may share. */
    public Condition(Lock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /** Acquires the underlying lock: see {@link Lock#acquire()}. */
    public boolean acquire() {
        return lock.acquire();
    }

    /** Releases the underlying lock: see {@link Lock#release()}. */
    public void release() {
        lock.release();
    }

    /** Whether the underlying lock is held. */
    public boolean isLocked() {
        return lock.isLocked();
    }

    /** Runs {@code body} holding the underlying lock: see {@link Lock#withLock(Coroutine)}. */
    public <T> T withLock(Coroutine<T> body) {
        return lock.withLock(body);
    }

    /** {@link #withLock(Coroutine)} for a body without a result. */
    public void withLock(AsyncRunnable body) {
        lock.withLock(body);
    }

    /**
     * Releases the lock, waits until notified, re-acquires the lock and returns true. The caller must hold
     * the lock. Counterpart of {@code Condition.wait()}.
     *
     * <p><b>Cancellation:</b> the lock is re-acquired before the {@link CancelledError} is thrown; if
     * further cancellations arrive while re-acquiring, it keeps trying and throws the last one. Whatever
     * is thrown out of here first passes a notification on to another waiter, so one this caller may have
     * consumed is not lost (that waiter may see a spurious wake-up).
     *
     * @throws IllegalStateException "cannot wait on un-acquired lock" if the lock is not held; also if the
     *         condition is bound to another event loop
     */
    public boolean await() {
        if (!lock.isLocked()) {
            throw new IllegalStateException("cannot wait on un-acquired lock");
        }
        loop = Waiters.bind(loop, this);
        Future<Boolean> waiter = loop.createFuture();
        lock.release();
        try {
            try {
                Waiters.awaitInLine(waiter, waiters);
                return true;
            } finally {
                reacquire();
            }
        } catch (Throwable e) {
            // We may have been notified before failing: hand the notification to someone else.
            wake(1);
            throw e;
        }
    }

    /** Takes the lock back whatever happens; rethrows the last cancellation received meanwhile. */
    private void reacquire() {
        CancelledError cancelled = null;
        while (true) {
            try {
                lock.acquire();
                break;
            } catch (CancelledError e) {
                cancelled = e;
            }
        }
        if (cancelled != null) {
            throw cancelled;
        }
    }

    /**
     * Waits until {@code predicate} is true, checking it first and again after every wake-up, and returns
     * true. The caller must hold the lock; it holds it again when this returns or throws. Counterpart of
     * {@code Condition.wait_for(predicate)}.
     *
     * <p><b>Cancellation:</b> as {@link #await()}.
     *
     * @throws IllegalStateException "cannot wait on un-acquired lock" if it has to wait without holding the lock
     */
    public boolean waitFor(BooleanSupplier predicate) {
        boolean result = predicate.getAsBoolean();
        while (!result) {
            await();
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /**
     * Waits until {@code supplier} returns a value other than null, checking it first and again after
     * every wake-up, and returns that value: {@code Condition.wait_for} with a predicate whose truthy
     * result the caller wants (null plays the part of a falsy result).
     *
     * <p><b>Cancellation:</b> as {@link #await()}.
     *
     * @throws IllegalStateException "cannot wait on un-acquired lock" if it has to wait without holding the lock
     */
    public <T> T waitForValue(Supplier<? extends T> supplier) {
        T result = supplier.get();
        while (result == null) {
            await();
            result = supplier.get();
        }
        return result;
    }

    /**
     * Wakes up to {@code n} waiters (none when {@code n <= 0}), first come first served; each returns from
     * {@link #await()} once it gets the lock back, which the caller still holds. Never suspends.
     * Counterpart of {@code Condition.notify(n)}.
     *
     * @throws IllegalStateException "cannot notify on un-acquired lock" if the lock is not held
     */
    public void notify(int n) {
        if (!lock.isLocked()) {
            throw new IllegalStateException("cannot notify on un-acquired lock");
        }
        wake(n);
    }

    /**
     * Wakes every waiter: {@link #notify(int)} for all of them. Counterpart of {@code Condition.notify_all()}
     * (named so because {@code Object.notifyAll()} is final).
     *
     * @throws IllegalStateException "cannot notify on un-acquired lock" if the lock is not held
     */
    public void notifyAllWaiters() {
        notify(waiters.size());
    }

    private void wake(int n) {
        int woken = 0;
        for (Future<Boolean> w : waiters) {
            if (woken >= n) {
                break;
            }
            if (!w.isDone()) {
                woken++;
                w.setResult(Boolean.FALSE);
            }
        }
    }

    /** The underlying lock (for tests). */
    Lock lock() {
        return lock;
    }

    /** Number of queued waiter futures (woken and cancelled ones included until their task runs). */
    int waiterCount() {
        return waiters.size();
    }

    /** Number of queued waiters neither woken nor cancelled (for invariant checks in tests). */
    int pendingWaiterCount() {
        return Waiters.countPending(waiters);
    }

    @Override
    public String toString() {
        return Describe.of(this, lock.isLocked() ? "locked" : "unlocked", waiters.size());
    }
}
