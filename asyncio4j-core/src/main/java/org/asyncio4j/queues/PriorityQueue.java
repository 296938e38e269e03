package org.asyncio4j.queues;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link Queue} that returns the smallest item first, in natural order or by a {@link Comparator}.
 * Counterpart of {@code asyncio.PriorityQueue} (whose items are typically {@code (priority, data)} tuples:
 * here, a record and a comparator on its priority). Items that compare equal come out in no particular
 * order. Blocking, fairness, joining and shutdown are the queue's.
 *
 * <p>Null items are rejected with {@link NullPointerException}; without a comparator, items that are not
 * {@link Comparable} are rejected with {@link ClassCastException} (asyncio raises {@code TypeError}).
 * Either way the queue is unchanged.
 *
 * @param <T> the type of the items
 */
public final class PriorityQueue<T> extends Queue<T> {
    /** An unbounded queue in the items' natural order. */
    public PriorityQueue() {
        this(0, null);
    }

    /** A queue in the items' natural order holding at most {@code maxsize} items ({@code <= 0}: unbounded). */
    public PriorityQueue(int maxsize) {
        this(maxsize, null);
    }

    /** An unbounded queue ordered by {@code comparator} (null: natural order). */
    public PriorityQueue(Comparator<? super T> comparator) {
        this(0, comparator);
    }

    /** A queue ordered by {@code comparator} (null: natural order) holding at most {@code maxsize} items. */
    public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize, new HeapStore<>(comparator));
    }

    /** Storage on a binary heap: java.util.PriorityQueue, which checks nulls and comparability on add. */
    private static final class HeapStore<T> implements ItemStore<T> {
        private final java.util.PriorityQueue<T> heap;

        HeapStore(Comparator<? super T> comparator) {
            heap = new java.util.PriorityQueue<>(comparator);
        }

        @Override
        public void add(T item) {
            heap.add(item);
        }

        @Override
        public T remove() {
            return heap.remove();
        }

        @Override
        public int size() {
            return heap.size();
        }

        @Override
        public List<T> snapshot() {
            return new ArrayList<>(heap);
        }
    }
}
