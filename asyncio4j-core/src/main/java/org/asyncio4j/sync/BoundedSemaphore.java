package org.asyncio4j.sync;

/**
 * A {@link Semaphore} that refuses to hold more permits than it started with, which catches a release
 * without a matching acquire. Counterpart of {@code asyncio.BoundedSemaphore}.
 */
public final class BoundedSemaphore extends Semaphore {
    private final int bound;

    /** A bounded semaphore with one permit. */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * A bounded semaphore with {@code value} permits, which is also its maximum.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public BoundedSemaphore(int value) {
        super(value);
        this.bound = value;
    }

    /**
     * Gives a permit back, as {@link Semaphore#release()} does.
     *
     * @throws IllegalArgumentException "BoundedSemaphore released too many times" if every permit is
     *         already free
     */
    @Override
    public void release() {
        if (value() >= bound) {
            throw new IllegalArgumentException("BoundedSemaphore released too many times");
        }
        super.release();
    }
}
