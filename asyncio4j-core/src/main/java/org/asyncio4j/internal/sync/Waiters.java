package org.asyncio4j.internal.sync;

import java.util.ArrayDeque;
import org.asyncio4j.Asyncio;
import org.asyncio4j.EventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.NestAsyncio;

/**
 * What the synchronization primitives and queues share about their waiters: binding to one event loop
 * on first wait (asyncio's {@code _LoopBoundMixin}) and scanning the FIFO deques of waiter futures.
 * Not API: the package is not exported.
 */
public final class Waiters {
    private Waiters() {}

    /**
     * The loop the calling coroutine runs on, after checking that {@code owner} (bound to {@code bound},
     * or to no loop yet when it is null) may wait on it. The caller stores the result as its binding.
     *
     * @throws IllegalStateException if {@code owner} is bound to another loop, or the caller is not a
     *         coroutine (no loop runs here, or this is a plain callback of the loop)
     */
    public static EventLoop bind(EventLoop bound, Object owner) {
        EventLoop current = callerLoop(owner);
        if (bound != null && bound != current) {
            throw new IllegalStateException(owner + " is bound to a different event loop (" + bound
                    + "); a synchronization primitive or queue must be used from one loop only");
        }
        return current;
    }

    private static EventLoop callerLoop(Object owner) {
        EventLoop running;
        try {
            running = Asyncio.getRunningLoop();
        } catch (IllegalStateException noRunningLoop) {
            if (NestAsyncio.isApplied()) {
                return Asyncio.getEventLoop(); // a top-level await drives this thread's loop
            }
            throw new IllegalStateException("cannot wait on " + owner + " outside a coroutine: no event loop runs on"
                    + " thread '" + Thread.currentThread().getName() + "'; call it inside Asyncio.run(...) or a task",
                    noRunningLoop);
        }
        if (Asyncio.currentTask() == null) {
            throw new IllegalStateException("cannot wait on " + owner + " in a plain callback of the event loop: only a"
                    + " coroutine can wait; run this code in a task (createTask(...))");
        }
        return running;
    }

    /**
     * Suspends on {@code waiter} as the last in line of {@code waiters}, and takes it out of the line
     * however the wait ends (woken, cancelled, failed).
     */
    public static <F extends Future<?>> void awaitInLine(F waiter, ArrayDeque<F> waiters) {
        waiters.addLast(waiter);
        try {
            waiter.await();
        } finally {
            waiters.remove(waiter);
        }
    }

    /** Whether a waiter that was not cancelled is queued (nothing queued: false, without allocating). */
    public static boolean anyNotCancelled(ArrayDeque<? extends Future<?>> waiters) {
        if (waiters == null || waiters.isEmpty()) {
            return false;
        }
        for (Future<?> w : waiters) {
            if (!w.isCancelled()) {
                return true;
            }
        }
        return false;
    }

    /** How many queued waiters are neither woken nor cancelled. */
    public static int countPending(ArrayDeque<? extends Future<?>> waiters) {
        int n = 0;
        if (waiters != null) {
            for (Future<?> w : waiters) {
                if (!w.isDone()) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The first waiter not yet done (neither woken nor cancelled), or null. */
    public static <F extends Future<?>> F firstPending(ArrayDeque<F> waiters) {
        if (waiters == null || waiters.isEmpty()) {
            return null;
        }
        for (F w : waiters) {
            if (!w.isDone()) {
                return w;
            }
        }
        return null;
    }

    /**
     * Removes waiters from the head until one that is not done is found, and wakes it with a null result;
     * returns whether one was woken. For deques whose waker removes the waiter (the queues).
     */
    public static boolean popAndWakeNext(ArrayDeque<Future<Void>> waiters) {
        Future<Void> w;
        while ((w = waiters.pollFirst()) != null) {
            if (!w.isDone()) {
                w.setResult(null);
                return true;
            }
        }
        return false;
    }
}
