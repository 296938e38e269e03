package org.asyncio4j.sync;

import java.util.ArrayDeque;
import org.asyncio4j.AsyncRunnable;
import org.asyncio4j.Coroutine;
import org.asyncio4j.EventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.internal.sync.Waiters;

/**
 * A mutual-exclusion lock for coroutines of one event loop. Counterpart of {@code asyncio.Lock}.
 *
 * <p>The lock is locked or unlocked and is not owned by a task: any coroutine may release it. When it is
 * locked, {@link #acquire()} suspends the caller; each {@link #release()} lets exactly one waiter proceed,
 * in the order they started waiting. It is fair: once a waiter has been woken, a newcomer queues behind
 * it even though {@link #isLocked()} already reads false, and a waiter cancelled after being woken passes
 * the lock on to the next one, so the lock is never lost.
 *
 * <p>Not thread-safe, like everything that touches a loop. The lock binds to the running loop the first
 * time a coroutine has to wait on it; using it from another loop afterwards fails. An uncontended
 * acquire/release pair allocates nothing.
 *
 * {@snippet :
 * Lock lock = new Lock();
 * lock.withLock(() -> {
 *     // at most one coroutine at a time runs here
 * });
 * }
 */
public final class Lock {
    /** Waiter futures of the tasks suspended in acquire(), in arrival order; created on first contention. */
    private ArrayDeque<Future<Boolean>> waiters;
    private boolean locked;
    /** The loop of the first coroutine that had to wait, or null. */
    private EventLoop loop;

    /** A new, unlocked lock. */
    public Lock() {}

    /**
     * Acquires the lock, suspending until it is free and every earlier waiter has had its turn; returns
     * true. Does not suspend when the lock is unlocked and nobody waits.
     *
     * <p><b>Cancellation:</b> a cancelled waiter leaves the queue without a trace and throws
     * {@link org.asyncio4j.CancelledError}; if the lock had already been handed to it, it wakes the next
     * waiter instead of keeping the lock.
     *
     * @throws IllegalStateException if the lock is bound to another event loop, or the call has to wait
     *         outside a coroutine
     */
    public boolean acquire() {
        // Fair: no queue jumping while a live waiter (even one already woken) is queued.
        if (!locked && !Waiters.anyNotCancelled(waiters)) {
            locked = true;
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
            // Not taking the lock: if it is free, make sure the head of the queue runs (the wake-up
            // release() gave us must not be lost).
            if (!locked) {
                wakeUpFirst();
            }
            throw e;
        }
        locked = true;
        return true;
    }

    /**
     * Unlocks the lock and wakes the first waiter, if any. Never suspends.
     *
     * @throws IllegalStateException "Lock is not acquired." if the lock is unlocked
     */
    public void release() {
        if (!locked) {
            throw new IllegalStateException("Lock is not acquired.");
        }
        locked = false;
        wakeUpFirst();
    }

    /** Whether the lock is held. After a release() with waiters it reads false while the woken one has not run. */
    public boolean isLocked() {
        return locked;
    }

    /**
     * Runs {@code body} holding the lock: acquires, runs, and releases even when the body fails (the
     * counterpart of {@code async with lock:}). Returns the body's result; a checked exception from the
     * body arrives wrapped in {@link java.util.concurrent.CompletionException}.
     *
     * <p><b>Cancellation:</b> as {@link #acquire()} while waiting (the body then does not run); once the
     * body runs, a cancellation is the body's to handle, and the lock is released on the way out.
     */
    public <T> T withLock(Coroutine<T> body) {
        acquire();
        try {
            return body.await();
        } finally {
            release();
        }
    }

    /** {@link #withLock(Coroutine)} for a body without a result. */
    public void withLock(AsyncRunnable body) {
        withLock(body.asCoroutine());
    }

    /** Ensures the head waiter runs: wakes it unless it is already woken or cancelled. */
    private void wakeUpFirst() {
        if (waiters != null && !waiters.isEmpty()) {
            Future<Boolean> first = waiters.peekFirst();
            if (!first.isDone()) {
                first.setResult(Boolean.TRUE);
            }
        }
    }

    /** Number of queued waiter futures (woken and cancelled ones included until their task runs). */
    int waiterCount() {
        return waiters == null ? 0 : waiters.size();
    }

    /** The head of the queue, or null (for invariant checks in tests). */
    Future<Boolean> firstWaiter() {
        return waiters == null ? null : waiters.peekFirst();
    }

    @Override
    public String toString() {
        return Describe.of(this, locked ? "locked" : "unlocked", waiterCount());
    }
}
