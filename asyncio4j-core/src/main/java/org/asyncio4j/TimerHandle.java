package org.asyncio4j;

/**
 * A callback scheduled for a loop time, returned by {@code callLater} and {@code callAt}: counterpart of
 * {@code asyncio.TimerHandle}. Timers are ordered by {@link #when()}; timers with equal deadlines run in
 * the order they were scheduled.
 */
public final class TimerHandle extends Handle implements Comparable<TimerHandle> {
    private final double when;
    final long sequence;
    boolean scheduled = true;

    TimerHandle(BaseEventLoop loop, double when, long sequence, Runnable callback, Object[] contextVars) {
        super(loop, callback, contextVars);
        this.when = when;
        this.sequence = sequence;
    }

    /** The absolute loop time the callback is due at. */
    public double when() {
        return when;
    }

    @Override
    public void cancel() {
        if (!isCancelled()) {
            if (scheduled) {
                loop.timerCancelled();
            }
            super.cancel();
        }
    }

    /** Orders by deadline only (as asyncio's TimerHandle does). */
    @Override
    public int compareTo(TimerHandle o) {
        return Double.compare(when, o.when);
    }

    /**
     * As asyncio's {@code TimerHandle.__eq__}: equal when the deadline, the callback and the cancelled
     * state are; cancelling one of two equal handles makes them unequal.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof TimerHandle h && Double.compare(when, h.when) == 0
                && java.util.Objects.equals(callback(), h.callback()) && isCancelled() == h.isCancelled();
    }

    /** The deadline's hash (asyncio: {@code hash(self._when)}). */
    @Override
    public int hashCode() {
        return Double.hashCode(when);
    }

    @Override
    public String toString() {
        return super.toString().replaceFirst(">$", " when=" + when + ">");
    }
}
