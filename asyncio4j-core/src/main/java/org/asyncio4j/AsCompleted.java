package org.asyncio4j;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The iteration {@link Asyncio#asCompleted} returns (asyncio's plain-iteration {@code as_completed}).
 * Each future it hands out takes the next outcome when it is first awaited or given a done-callback, as
 * each coroutine of asyncio's iteration takes the next item of a queue when it first runs: awaited in
 * the order handed out (the usual loop) the k-th future gets the k-th awaitable to finish. It is its
 * own iterator, so a second for-each loop resumes where a first one stopped.
 */
final class AsCompleted<T> implements Iterable<Future<T>>, Iterator<Future<T>> {
    /** Queued in place of a finished awaitable when the timeout passed. */
    private static final Object TIMED_OUT = new Object();

    private final BaseEventLoop loop;
    private final double timeout;
    /** The awaitables (as futures) not yet finished. */
    private final Set<Future<T>> todo = new LinkedHashSet<>();
    /** Finished futures (or timeout markers) not yet handed to a slot, in completion order. */
    private final ArrayDeque<Object> finished = new ArrayDeque<>();
    /** Futures handed out by next(), awaited and not yet completed, in the order they were awaited. */
    private final ArrayDeque<Slot> claimed = new ArrayDeque<>();
    private final Consumer<Future<T>> onCompletion = this::completed;
    private int left;
    private TimerHandle timer;

    AsCompleted(Collection<? extends Awaitable<T>> aws, double timeout) {
        java.util.Objects.requireNonNull(aws, "aws");
        this.timeout = Waits.checkSeconds(timeout, "timeout");
        this.loop = BaseEventLoop.require(Asyncio.getEventLoop());
        for (Awaitable<T> aw : new LinkedHashSet<>(aws)) {
            todo.add(Asyncio.ensureFuture(java.util.Objects.requireNonNull(aw, "an awaitable in aws"), loop));
        }
        for (Future<T> f : todo) {
            f.addDoneCallback(onCompletion);
        }
        left = todo.size();
        if (!todo.isEmpty() && timeout != Double.POSITIVE_INFINITY) {
            timer = loop.callLater(timeout, this::timedOut);
        }
    }

    @Override
    public Iterator<Future<T>> iterator() {
        return this;
    }

    @Override
    public boolean hasNext() {
        return left > 0;
    }

    /** A new future that completes like the next awaitable to finish once it is awaited. */
    @Override
    public Future<T> next() {
        if (left <= 0) {
            throw new NoSuchElementException("asCompleted: every awaitable was handed out");
        }
        left--;
        return new Slot();
    }

    private void completed(Future<T> f) {
        if (todo.isEmpty()) {
            return; // the timeout came first
        }
        todo.remove(f);
        finished.add(f);
        if (todo.isEmpty() && timer != null) {
            timer.cancel();
        }
        dispatch();
    }

    private void timedOut() {
        for (Future<T> f : todo) {
            f.removeDoneCallback(onCompletion);
            finished.add(TIMED_OUT);
        }
        todo.clear();
        dispatch();
    }

    /** Hands finished futures to claimed slots; a slot its awaiter cancelled does not consume one. */
    @SuppressWarnings("unchecked")
    private void dispatch() {
        while (!claimed.isEmpty() && !finished.isEmpty()) {
            Slot slot = claimed.poll();
            if (slot.isDone()) {
                continue;
            }
            Object next = finished.poll();
            if (next == TIMED_OUT) {
                slot.completeWithException(new TimedOutException("asCompleted timed out after " + timeout + " seconds"));
            } else {
                copyOutcome((Future<T>) next, slot);
            }
        }
    }

    private static <T> void copyOutcome(Future<T> from, Future<T> to) {
        if (from.isCancelled()) {
            to.cancel(from.makeCancelledError().getMessage());
        } else if (from.exceptionUnchecked() != null) {
            from.markRetrieved();
            to.completeWithException(from.exceptionUnchecked());
        } else {
            to.completeWithResult(from.resultUnchecked());
        }
    }

    @Override
    public String toString() {
        return "<asCompleted left=" + left + " pending=" + todo.size() + ">";
    }

    /** A future handed out by next(): it claims the next outcome on its first await or done-callback. */
    private final class Slot extends Future<T> {
        private boolean isClaimed;

        Slot() {
            super(AsCompleted.this.loop);
        }

        private void claim() {
            if (!isClaimed) {
                isClaimed = true;
                claimed.add(this);
                dispatch();
            }
        }

        @Override
        public T await() {
            claim();
            return super.await();
        }

        @Override
        public void addDoneCallback(Consumer<? super Future<T>> callback) {
            claim();
            super.addDoneCallback(callback);
        }

        @Override
        public String toString() {
            return "<asCompleted future " + stateWord() + resultDescription() + (isClaimed ? "" : " not awaited yet") + ">";
        }
    }
}
