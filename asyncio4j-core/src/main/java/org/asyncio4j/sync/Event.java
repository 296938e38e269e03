package org.asyncio4j.sync;

import java.util.ArrayDeque;
import org.asyncio4j.EventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.internal.sync.Waiters;

/**
 * A flag that coroutines can wait for: {@link #set()} wakes every waiter, {@link #clear()} lowers the flag
 * again. Counterpart of {@code asyncio.Event}.
 *
 * <p>The flag starts false. A {@code set()} wakes all coroutines waiting at that moment, each on a later
 * loop iteration in the order they started waiting; a {@code clear()} that follows before they run does
 * not take the wake-up back. The waiting method is {@link #await()}, because {@code Object.wait()} is
 * final.
 *
 * <p>Not thread-safe. The event binds to the running loop the first time a coroutine waits on it.
 */
public final class Event {
    /** Waiter futures of the coroutines suspended in await(), in arrival order; created on first wait. */
    private ArrayDeque<Future<Boolean>> waiters;
    private boolean value;
    /** The loop of the first coroutine that waited, or null. */
    private EventLoop loop;

    /** A new event whose flag is false. */
    public Event() {}

    /** Whether the flag is set. */
    public boolean isSet() {
        return value;
    }

    /** Sets the flag and wakes every coroutine waiting for it; later waits return at once. Never suspends. */
    public void set() {
        if (!value) {
            value = true;
            if (waiters != null) {
                for (Future<Boolean> w : waiters) {
                    if (!w.isDone()) {
                        w.setResult(Boolean.TRUE);
                    }
                }
            }
        }
    }

    /** Lowers the flag: coroutines that wait from now on suspend until the next {@link #set()}. */
    public void clear() {
        value = false;
    }

    /**
     * Waits until the flag is set and returns true; returns at once, without suspending, if it is set
     * already. Counterpart of {@code Event.wait()}.
     *
     * <p><b>Cancellation:</b> throws {@link org.asyncio4j.CancelledError} and leaves no trace in the event.
     *
     * @throws IllegalStateException if the event is bound to another event loop, or the call has to wait
     *         outside a coroutine
     */
    public boolean await() {
        if (value) {
            return true;
        }
        loop = Waiters.bind(loop, this);
        Future<Boolean> waiter = loop.createFuture();
        if (waiters == null) {
            waiters = new ArrayDeque<>();
        }
        Waiters.awaitInLine(waiter, waiters);
        return true;
    }

    /** Number of queued waiter futures (woken and cancelled ones included until their task runs). */
    int waiterCount() {
        return waiters == null ? 0 : waiters.size();
    }

    /** Number of queued waiters neither woken nor cancelled (for invariant checks in tests). */
    int pendingWaiterCount() {
        return Waiters.countPending(waiters);
    }

    @Override
    public String toString() {
        return Describe.of(this, value ? "set" : "unset", waiterCount());
    }
}
