package org.asyncio4j.queues;

/**
 * A {@link Queue} that returns the most recently added item first (a stack): puts of 1, 3, 2 get 2, 3, 1.
 * Counterpart of {@code asyncio.LifoQueue}; blocking, fairness, joining and shutdown are the queue's.
 *
 * @param <T> the type of the items
 */
public final class LifoQueue<T> extends Queue<T> {
    /** An unbounded LIFO queue. */
    public LifoQueue() {
        this(0);
    }

    /** A LIFO queue holding at most {@code maxsize} items; {@code maxsize <= 0} means unbounded. */
    public LifoQueue(int maxsize) {
        super(maxsize, new DequeStore<>(true));
    }
}
