package org.asyncio4j.sync;

import java.util.ArrayDeque;
import org.asyncio4j.AsyncRunnable;
import org.asyncio4j.Coroutine;
import org.asyncio4j.EventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.internal.sync.Waiters;

/**
 * A counter of permits that coroutines take and give back: {@link #acquire()} takes one, suspending while
 * none is free, and {@link #release()} gives one back. Counterpart of {@code asyncio.Semaphore}.
 *
 * <p>Waiters are served strictly first come, first served. The releaser hands the permit over: when
 * {@code release()} wakes a waiter the permit is already that waiter's, and nobody can take it
 * meanwhile. A waiter cancelled after being woken gives its permit back and wakes the next one, and every
 * acquirer that leaves the queue wakes as many further waiters as there are free permits, so no permit
 * is ever stranded. {@link BoundedSemaphore} also rejects releasing more than it was created with.
 *
 * <p>Not thread-safe. The semaphore binds to the running loop the first time a coroutine has to wait on
 * it. An uncontended acquire/release pair allocates nothing.
 */
public sealed class Semaphore permits BoundedSemaphore {
    /** Free permits, not counting those already handed to woken waiters that have not run yet. */
    private int value;
    /** Waiter futures of the tasks suspended in acquire(), in arrival order; created on first contention. */
    private ArrayDeque<Future<Boolean>> waiters;
    /** The loop of the first coroutine that had to wait, or null. */
    private EventLoop loop;

    /** A semaphore with one permit. */
    public Semaphore() {
        this(1);
    }

    /**
     * A semaphore with {@code value} permits.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0, got " + value);
        }
        this.value = value;
    }

    /**
     * Whether {@link #acquire()} would suspend now: no permit is free, or a coroutine that was not
     * cancelled is queued ahead (fairness).
     */
    public boolean isLocked() {
        return value == 0 || Waiters.anyNotCancelled(waiters);
    }

    /**
     * Takes a permit, suspending until one is handed to this caller, and returns true. Does not suspend
     * when a permit is free and nobody waits.
     *
     * <p><b>Cancellation:</b> a cancelled waiter leaves the queue and throws
     * {@link org.asyncio4j.CancelledError}; if a permit had already been handed to it, the permit goes back
     * to the semaphore and on to the next waiter.
     *
     * @throws IllegalStateException if the semaphore is bound to another event loop, or the call has to
     *         wait outside a coroutine
     */
    public boolean acquire() {
        if (!isLocked()) {
            value--;
            return true;
        }
        loop = Waiters.bind(loop, this);
        Future<Boolean> waiter = loop.createFuture();
        if (waiters == null) {
            waiters = new ArrayDeque<>();
        }
        try {
            Waiters.awaitInLine(waiter, waiters);
        } catch (Throwable e) {
            if (waiter.isDone() && !waiter.isCancelled()) {
                value++; // the permit release() handed to us goes back
            }
            throw e;
        } finally {
            // Newcomers may have queued behind us (fairness) while permits were free: wake as many as fit.
            while (value > 0 && wakeUpNext()) {
                // each call hands one permit to one waiter
            }
        }
        return true;
    }

    /** Gives a permit back and hands it to the first waiter, if any. Never suspends. */
    public void release() {
        value++;
        wakeUpNext();
    }

    /**
     * Runs {@code body} holding a permit: acquires, runs, and releases even when the body fails (the
     * counterpart of {@code async with semaphore:}). Returns the body's result; a checked exception from
     * the body arrives wrapped in {@link java.util.concurrent.CompletionException}.
     *
     * <p><b>Cancellation:</b> as {@link #acquire()} while waiting (the body then does not run); once the
     * body runs, a cancellation is the body's to handle, and the permit is released on the way out.
     */
    public final <T> T withPermit(Coroutine<T> body) {
        acquire();
        try {
            return body.await();
        } finally {
            release();
        }
    }

    /** {@link #withPermit(Coroutine)} for a body without a result. */
    public final void withPermit(AsyncRunnable body) {
        withPermit(body.asCoroutine());
    }

    /** Hands one permit to the first waiter not yet woken; returns whether there was one. */
    private boolean wakeUpNext() {
        Future<Boolean> next = Waiters.firstPending(waiters);
        if (next == null) {
            return false;
        }
        value--;
        next.setResult(Boolean.TRUE);
        return true;
    }

    /** Free permits (see the field); may be above 0 while {@link #isLocked()} because of fairness. */
    final int value() {
        return value;
    }

    /** Number of queued waiter futures (woken and cancelled ones included until their task runs). */
    final int waiterCount() {
        return waiters == null ? 0 : waiters.size();
    }

    /** Permits handed to woken waiters whose tasks have not run yet (for invariant checks in tests). */
    final int handedOver() {
        int n = 0;
        if (waiters != null) {
            for (Future<Boolean> w : waiters) {
                if (w.isDone() && !w.isCancelled()) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Number of queued waiters neither woken nor cancelled (for invariant checks in tests). */
    final int pendingWaiterCount() {
        return Waiters.countPending(waiters);
    }

    @Override
    public String toString() {
        return Describe.of(this, isLocked() ? "locked" : "unlocked, value:" + value, waiterCount());
    }
}
