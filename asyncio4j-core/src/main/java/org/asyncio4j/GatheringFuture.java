package org.asyncio4j;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The future returned by {@link Asyncio#gather}: done when every child is (or, without
 * {@code returnExceptions}, when the first child fails). Cancelling it cancels the children.
 */
final class GatheringFuture<T> extends Future<List<T>> implements Consumer<Future<?>> {
    private final List<Future<? extends T>> children;
    private final int uniqueChildren;
    private final boolean returnExceptions;
    private int finished;
    private boolean cancelRequested;

    GatheringFuture(BaseEventLoop loop, List<Future<? extends T>> children, int uniqueChildren, boolean returnExceptions) {
        super(loop);
        this.children = children;
        this.uniqueChildren = uniqueChildren;
        this.returnExceptions = returnExceptions;
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
    public void accept(Future<?> child) {
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
