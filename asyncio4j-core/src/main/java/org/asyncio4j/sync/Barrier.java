package org.asyncio4j.sync;

import org.asyncio4j.EventLoop;
import org.asyncio4j.internal.sync.Waiters;

/**
 * A meeting point for a fixed number of coroutines: each one that calls {@link #await()} waits until
 * {@link #parties()} of them have arrived, then all proceed together. Counterpart of
 * {@code asyncio.Barrier}.
 *
 * <p>The barrier is reusable. It cycles through {@link State#FILLING} (arrivals wait),
 * {@link State#DRAINING} (the last arrival released everyone; newcomers wait for the next cycle until
 * every released coroutine has left) and back to FILLING. {@link #reset()} breaks the current cycle
 * (state {@link State#RESETTING} until the waiters have left) and {@link #abort()} breaks the barrier for
 * good (state {@link State#BROKEN}, until a reset); the coroutines caught in a broken cycle get
 * {@link BrokenBarrierException}.
 *
 * <p>Not thread-safe. The barrier binds to the running loop the first time a coroutine uses it (all its
 * methods but the getters are for coroutines, as in asyncio).
 */
public final class Barrier {
    /** The phases of a barrier's cycle. */
    public enum State {
        /** Arrivals wait until the barrier is full. */
        FILLING,
        /** The barrier tripped; released coroutines are leaving and newcomers wait. */
        DRAINING,
        /** A reset broke the current cycle; waiters are leaving with BrokenBarrierException. */
        RESETTING,
        /** Aborted: every wait fails until {@link #reset()}. */
        BROKEN
    }

    /** Guards the state; waiters wait on it and every state change notifies all. */
    private final Condition cond = new Condition();
    private final int parties;
    private State state = State.FILLING;
    /** Coroutines inside await() past the entry check (waiting, or released and not yet left). */
    private int count;
    /** The loop of the first coroutine that used the barrier, or null. */
    private EventLoop loop;

    /**
     * A barrier for {@code parties} coroutines.
     *
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be > 0, got " + parties);
        }
        this.parties = parties;
    }

    /**
     * Waits until {@link #parties()} coroutines have arrived, then returns this caller's arrival index,
     * from 0 to {@code parties() - 1}, unique within the cycle; the last arrival does not suspend (beyond
     * the barrier's internal lock). Arrivals while the barrier drains or resets wait for the next cycle.
     * Counterpart of {@code Barrier.wait()} (and of {@code async with barrier as index}).
     *
     * <p><b>Cancellation:</b> a cancelled waiter leaves the barrier, which then counts one arrival less; as
     * in asyncio, the next arrival of that cycle then gets the index the count points at, which another
     * waiter may already hold (indices are unique only in cycles nobody left early).
     *
     * @throws BrokenBarrierException "Barrier aborted" if the barrier is broken on arrival, "Abort or reset
     *         of barrier" if it is aborted or reset while this caller waits
     * @throws IllegalStateException if the barrier is bound to another event loop, or no loop runs here
     */
    public int await() {
        loop = Waiters.bind(loop, this);
        cond.acquire();
        try {
            cond.waitFor(() -> state != State.DRAINING && state != State.RESETTING);
            if (state == State.BROKEN) {
                throw new BrokenBarrierException("Barrier aborted");
            }
            int index = count++;
            try {
                if (index + 1 == parties) {
                    state = State.DRAINING;
                    cond.notifyAllWaiters();
                } else {
                    cond.waitFor(() -> state != State.FILLING);
                    if (state == State.BROKEN || state == State.RESETTING) {
                        throw new BrokenBarrierException("Abort or reset of barrier");
                    }
                }
                return index;
            } finally {
                count--;
                leave();
            }
        } finally {
            cond.release();
        }
    }

    /** The last coroutine out ends a drain or a reset and lets blocked arrivals in. */
    private void leave() {
        if (count == 0) {
            if (state == State.RESETTING || state == State.DRAINING) {
                state = State.FILLING;
            }
            cond.notifyAllWaiters();
        }
    }

    /**
     * Returns the barrier to its initial state: coroutines waiting in the current cycle get
     * {@link BrokenBarrierException}, and it is FILLING again once they have left (at once if none wait).
     * Also repairs a broken barrier. Suspends only while another coroutine holds the barrier's internal
     * lock, so call it from a coroutine. Counterpart of {@code Barrier.reset()}.
     *
     * <p><b>Cancellation:</b> if cancelled while waiting for the internal lock, nothing changes.
     *
     * @throws IllegalStateException if the barrier is bound to another event loop, or no loop runs here
     */
    public void reset() {
        loop = Waiters.bind(loop, this);
        cond.withLock(() -> {
            // with waiters inside, FILLING comes back when the last of them leaves
            state = count > 0 ? State.RESETTING : State.FILLING;
            cond.notifyAllWaiters();
        });
    }

    /**
     * Breaks the barrier: coroutines waiting now, and every later {@link #await()} until a
     * {@link #reset()}, get {@link BrokenBarrierException}. Use it when a party cannot arrive. Suspends only
     * while another coroutine holds the barrier's internal lock, so call it from a coroutine. Counterpart
     * of {@code Barrier.abort()}.
     *
     * <p><b>Cancellation:</b> if cancelled while waiting for the internal lock, nothing changes.
     *
     * @throws IllegalStateException if the barrier is bound to another event loop, or no loop runs here
     */
    public void abort() {
        loop = Waiters.bind(loop, this);
        cond.withLock(() -> {
            state = State.BROKEN;
            cond.notifyAllWaiters();
        });
    }

    /** The number of coroutines needed to trip the barrier. */
    public int parties() {
        return parties;
    }

    /** The number of coroutines waiting for the barrier to fill (0 unless it is FILLING). */
    public int nWaiting() {
        return state == State.FILLING ? count : 0;
    }

    /** Whether the barrier is broken (aborted and not reset since). */
    public boolean isBroken() {
        return state == State.BROKEN;
    }

    /** The barrier's phase. */
    public State state() {
        return state;
    }

    /** The internal condition (for invariant checks in tests). */
    Condition condition() {
        return cond;
    }

    /** Coroutines inside await() past the entry check (for invariant checks in tests). */
    int count() {
        return count;
    }

    @Override
    public String toString() {
        String extra = state.name().toLowerCase(java.util.Locale.ROOT);
        if (state != State.BROKEN) {
            extra += ", waiters:" + nWaiting() + "/" + parties;
        }
        return "<Barrier@" + Integer.toHexString(System.identityHashCode(this)) + " [" + extra + "]>";
    }
}
