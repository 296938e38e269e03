package org.asyncio4j;

/**
 * A scheduled callback, returned by {@code callSoon}: counterpart of {@code asyncio.Handle}.
 * {@link #cancel()} keeps the callback from running if it has not run yet.
 */
public class Handle extends ReadyItem {
    final BaseEventLoop loop;
    private Runnable callback;
    /** The context snapshot the callback runs in (a copy of the context current at scheduling). */
    private final Object[] contextVars;
    private final String description;
    private boolean cancelled;

    Handle(BaseEventLoop loop, Runnable callback, Object[] contextVars) {
        this.loop = loop;
        this.callback = callback;
        this.contextVars = contextVars;
        this.description = loop.getDebug() ? String.valueOf(callback) : null;
    }

    /** Keeps the callback from running; idempotent. */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            callback = null;
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    boolean isCancelledItem() {
        return cancelled;
    }

    @Override
    void runReady() {
        Runnable cb = callback;
        if (cb == null) {
            return;
        }
        Context scratch = loop.callbackContext;
        Object[] saved = scratch.vars;
        scratch.vars = contextVars;
        scratch.generation++;
        Context.Slot slot = loop.contextSlot;
        Context previous = slot.current;
        slot.current = scratch;
        try {
            cb.run();
        } catch (Throwable t) {
            if (org.asyncio4j.internal.Throwables.isFatal(t)) {
                throw t;
            }
            loop.callExceptionHandler(new ExceptionContext("Exception in callback " + describe(cb), t, null, null, this, null));
        } finally {
            slot.current = previous;
            scratch.vars = saved;
        }
    }

    /** The callback, or null once cancelled. */
    final Runnable callback() {
        return callback;
    }

    String describe(Object cb) {
        return description != null ? description : String.valueOf(cb);
    }

    @Override
    public String toString() {
        String state = cancelled ? " cancelled" : "";
        return "<" + getClass().getSimpleName() + state + " " + describe(callback) + ">";
    }
}
