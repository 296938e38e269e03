package org.asyncio4j;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The waiting functions behind {@link Asyncio}'s facade: {@code waitFor}, {@code wait} and
 * {@code shield} (asyncio's {@code tasks.py}).
 */
final class Waits {
    private Waits() {}

    /** Checks a timeout or delay in seconds: NaN is refused, infinity means "never". */
    static double checkSeconds(double seconds, String what) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("Invalid " + what + ": NaN (not a number)");
        }
        return seconds;
    }

    static BaseEventLoop runningLoop() {
        BaseEventLoop loop = BaseEventLoop.runningLoopOfThisThread();
        if (loop == null) {
            throw new IllegalStateException("no running event loop");
        }
        return loop;
    }

    /** A scope whose deadline is {@code delay} seconds from now on the running loop. */
    static Timeout timeoutAfter(double delay) {
        checkSeconds(delay, "delay");
        return new Timeout(delay == Double.POSITIVE_INFINITY ? delay : runningLoop().time() + delay);
    }

    static <T> T waitFor(Awaitable<T> aw, double timeout) {
        java.util.Objects.requireNonNull(aw, "awaitable");
        checkSeconds(timeout, "timeout");
        if (timeout <= 0) {
            // Never start a coroutine: wrap it in a task, cancel that before its first step, wait for it.
            BaseEventLoop loop = runningLoop();
            Future<T> fut = Asyncio.ensureFuture(aw, loop);
            if (fut.isDone()) {
                return fut.result();
            }
            cancelAndWait(fut, loop);
            try {
                return fut.result();
            } catch (CancelledError e) {
                throw new TimedOutException("waitFor timed out: timeout " + timeout + " <= 0 and the awaitable"
                        + " was not done", e);
            }
        }
        // As asyncio 3.12: the awaitable runs inside a timeout scope of the calling task.
        return timeoutAfter(timeout).run(t -> aw.await());
    }

    /** Cancels {@code fut} and waits until it is done; cancelling the caller stops the wait only. */
    static void cancelAndWait(Future<?> fut, BaseEventLoop loop) {
        Future<Void> waiter = new Future<>(loop);
        Consumer<Future<?>> release = f -> release(waiter);
        fut.addDoneCallback(release);
        try {
            fut.cancel();
            waiter.await(); // not fut itself, so that this wait stays cancellable on its own
        } finally {
            fut.removeDoneCallback(release);
        }
    }

    static <T> Done<T> wait(Collection<? extends Future<T>> fs, double timeout, ReturnWhen when) {
        java.util.Objects.requireNonNull(fs, "fs");
        if (fs.isEmpty()) {
            throw new IllegalArgumentException("Set of Tasks/Futures is empty.");
        }
        if (when == null) {
            throw new IllegalArgumentException("Invalid return_when value: null");
        }
        checkSeconds(timeout, "timeout");
        Set<Future<T>> futures = new LinkedHashSet<>(fs);
        for (Future<T> f : futures) {
            java.util.Objects.requireNonNull(f, "a future in fs");
        }
        BaseEventLoop loop = runningLoop();
        Future<Void> waiter = new Future<>(loop);
        TimerHandle timer = timeout == Double.POSITIVE_INFINITY ? null : loop.callLater(timeout, () -> release(waiter));
        int[] counter = {futures.size()};
        Consumer<Future<?>> onCompletion = f -> {
            counter[0]--;
            if (counter[0] <= 0 || when == ReturnWhen.FIRST_COMPLETED
                    || (when == ReturnWhen.FIRST_EXCEPTION && !f.isCancelled() && f.exception() != null)) {
                if (timer != null) {
                    timer.cancel();
                }
                release(waiter);
            }
        };
        for (Future<T> f : futures) {
            f.addDoneCallback(onCompletion);
        }
        try {
            waiter.await();
        } finally {
            if (timer != null) {
                timer.cancel();
            }
            for (Future<T> f : futures) {
                f.removeDoneCallback(onCompletion);
            }
        }
        Set<Future<T>> done = new LinkedHashSet<>();
        Set<Future<T>> pending = new LinkedHashSet<>();
        for (Future<T> f : futures) {
            (f.isDone() ? done : pending).add(f);
        }
        return new Done<>(done, pending);
    }

    private static void release(Future<Void> waiter) {
        if (!waiter.isDone()) {
            waiter.completeWithResult(null);
        }
    }

    static <T> Future<T> shield(Awaitable<T> aw) {
        Future<T> inner = Asyncio.ensureFuture(java.util.Objects.requireNonNull(aw, "awaitable"));
        if (inner.isDone()) {
            return inner;
        }
        Future<T> outer = new Future<>(inner.loop);
        Consumer<Future<T>> innerDone = i -> {
            if (outer.isCancelled()) {
                if (!i.isCancelled()) {
                    i.markRetrieved();
                }
                return;
            }
            if (i.isCancelled()) {
                outer.cancel();
            } else if (i.exceptionUnchecked() != null) {
                i.markRetrieved();
                outer.completeWithException(i.exceptionUnchecked());
            } else {
                outer.completeWithResult(i.resultUnchecked());
            }
        };
        inner.addDoneCallback(innerDone);
        outer.addDoneCallback(o -> {
            if (!inner.isDone()) {
                inner.removeDoneCallback(innerDone);
            }
        });
        return outer;
    }
}
