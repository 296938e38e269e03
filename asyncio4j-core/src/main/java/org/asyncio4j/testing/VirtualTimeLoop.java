package org.asyncio4j.testing;

import org.asyncio4j.BaseEventLoop;

/**
 * An event loop on a virtual clock, for tests: time starts at 0 and, whenever nothing is ready and no
 * I/O or executor call is pending, jumps straight to the next timer instead of waiting. Time-based tests
 * become exact and instant. Counterpart of CPython's {@code test_utils.TestLoop} and Trio's autojump
 * {@code MockClock}.
 *
 * <p>While I/O is pending the loop really waits, and its clock advances by the real time waited.
 */
public final class VirtualTimeLoop extends BaseEventLoop {
    private double now;

    private VirtualTimeLoop() {
        super();
    }

    /** A new loop whose clock reads 0. */
    public static VirtualTimeLoop create() {
        return new VirtualTimeLoop();
    }

    @Override
    public double time() {
        return now;
    }

    /**
     * Moves the clock forward by {@code seconds}; timers that become due run on the next iteration.
     *
     * @throws IllegalArgumentException if {@code seconds} is negative or NaN
     */
    public void advance(double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("cannot advance the clock by " + seconds + " seconds");
        }
        now += seconds;
    }

    @Override
    protected void pollIo(long timeoutNanos) {
        if (timeoutNanos == 0) {
            super.pollIo(0);
        } else if (!hasPendingIo() && timeoutNanos > 0) {
            super.pollIo(0);
            if (!hasReadyCallbacks()) {
                // Jump to the deadline itself: adding the poll timeout (whole nanoseconds) lands a hair
                // before or after it, and the clock would read 5.420000000000001 instead of 5.42.
                // (The timeout was the time to that deadline, truncated to whole nanoseconds and capped.)
                double deadline = nextTimerDeadline();
                now = (deadline - now) * 1e9 < timeoutNanos + 1 ? Math.max(now, deadline) : now + timeoutNanos / 1e9;
            }
        } else {
            long t0 = System.nanoTime();
            super.pollIo(timeoutNanos);
            now += (System.nanoTime() - t0) / 1e9;
        }
    }
}
