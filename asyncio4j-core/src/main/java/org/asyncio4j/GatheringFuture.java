package org.asyncio4j;

import java.util.ArrayList;
import java.util.List;

/**
 * The future returned by {@link Asyncio#gather}: done when every child is (or, without
 * {@code returnExceptions}, when the first child fails). Cancelling it cancels the children.
 */
final class GatheringFuture<T> extends Future<List<T>> implements FutureListener {
    private final List<Future<? extends T>> children;
    private int uniqueChildren;
    private final boolean returnExceptions;
    private int finished;
    private boolean cancelRequested;
    /** Children that were already done when added (rare; they cannot carry a listener to dedupe on). */
    private final List<Future<?>> doneChildren = new ArrayList<>(0);

    GatheringFuture(BaseEventLoop loop, int size, boolean returnExceptions) {
        super(loop);
        this.children = new ArrayList<>(size);
        this.returnExceptions = returnExceptions;
    }

    /** Adds the next child (in argument order); a future already added counts once. */
    void addChild(Future<? extends T> child) {
        children.add(child);
        if (child.isDone()) {
            if (!child.hasListener(this) && !doneChildren.contains(child)) {
                doneChildren.add(child);
                uniqueChildren++;
                loop.enqueue(child.listenerItem(this));
            }
        } else if (!child.hasListener(this)) {
            uniqueChildren++;
            child.addListener(this);
        }
    }

    /** Cancels every child that is not done; returns whether any accepted (then this future ends cancelled). */
    @Override
    public boolean cancel(String msg) {
        if (isDone()) {
            return false;
        }
        boolean any = false;
        for (Future<? extends T> child : children) {
            if (child.cancel(msg)) {
                any = true;
            }
        }
        if (any) {
            cancelRequested = true;
        }
        return any;
    }

    /** A child is done. */
    @Override
    public void futureDone(Future<?> child) {
        finished++;
        if (isDone()) {
            if (!child.isCancelled()) {
                child.markRetrieved();
            }
            return;
        }
        if (!returnExceptions) {
            if (child.isCancelled()) {
                completeWithCancellation(child.makeCancelledError());
                return;
            }
            Throwable e = child.exceptionUnchecked();
            if (e != null) {
                child.markRetrieved();
                completeWithException(e);
                return;
            }
        }
        if (finished == uniqueChildren) {
            List<T> results = new ArrayList<>(children.size());
            for (Future<? extends T> c : children) {
                results.add(outcome(c));
            }
            if (cancelRequested) {
                completeWithCancellation(child.makeCancelledError());
            } else {
                completeWithResult(results);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private T outcome(Future<? extends T> c) {
        if (c.isCancelled()) {
            return (T) new CancelledError(c.cancelledCause != null ? c.cancelledCause.getMessage() : c.cancelMessage);
        }
        Throwable e = c.exceptionUnchecked();
        if (e != null) {
            c.markRetrieved();
            return (T) e;
        }
        return c.resultUnchecked();
    }

    /** asyncio sets the CancelledError as the gathering future's exception (it is not "cancelled"). */
    private void completeWithCancellation(CancelledError e) {
        completeWithException(e);
    }

    @Override
    public String toString() {
        return "<_GatheringFuture " + stateWord() + resultDescription() + ">";
    }
}
