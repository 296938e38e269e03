package org.asyncio4j;

import org.asyncio4j.internal.Throwables;

/** Delivers one completed future to a {@link FutureListener} from the ready queue. */
final class ListenerItem extends ReadyItem {
    private final FutureListener listener;
    private final Future<?> future;

    ListenerItem(FutureListener listener, Future<?> future) {
        this.listener = listener;
        this.future = future;
    }

    @Override
    void runReady() {
        deliver(listener, future);
    }

    /** Runs the listener; a failure (a bug) goes to the exception handler and the loop continues. */
    static void deliver(FutureListener listener, Future<?> future) {
        try {
            listener.futureDone(future);
        } catch (Throwable t) {
            if (Throwables.isFatal(t)) {
                throw t;
            }
            future.loop.callExceptionHandler(ExceptionContext.ofFuture("Exception in done-listener " + listener, t, future));
        }
    }

    @Override
    public String toString() {
        return "<listener " + listener + " of " + future + ">";
    }
}
