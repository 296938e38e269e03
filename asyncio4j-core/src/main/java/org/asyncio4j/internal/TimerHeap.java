package org.asyncio4j.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Predicate;

/**
 * A binary min-heap: the loop's scheduled timers. The loop orders them by (deadline, sequence), so
 * timers with equal deadlines run in the order they were scheduled. Cancelled entries are removed
 * lazily by the loop (popped when they reach the top, or {@linkplain #removeIf compacted} when they
 * dominate the heap). Not thread-safe.
 */
public final class TimerHeap<E> {
    private final Comparator<? super E> order;
    private Object[] heap = new Object[64];
    private int size;

    public TimerHeap(Comparator<? super E> order) {
        this.order = order;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    public E peek() {
        return size == 0 ? null : (E) heap[0];
    }

    public void add(E e) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, e);
    }

    @SuppressWarnings("unchecked")
    public E poll() {
        if (size == 0) {
            return null;
        }
        E top = (E) heap[0];
        E last = (E) heap[--size];
        heap[size] = null;
        if (size > 0) {
            siftDown(0, last);
        }
        return top;
    }

    /** Removes every entry matching {@code filter} and restores the heap order in O(n). */
    @SuppressWarnings("unchecked")
    public int removeIf(Predicate<? super E> filter) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            E e = (E) heap[i];
            if (!filter.test(e)) {
                heap[kept++] = e;
            }
        }
        int removed = size - kept;
        Arrays.fill(heap, kept, size, null);
        size = kept;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i, (E) heap[i]);
        }
        return removed;
    }

    @SuppressWarnings("unchecked")
    private void siftUp(int k, E e) {
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            E p = (E) heap[parent];
            if (order.compare(e, p) >= 0) {
                break;
            }
            heap[k] = p;
            k = parent;
        }
        heap[k] = e;
    }

    @SuppressWarnings("unchecked")
    private void siftDown(int k, E e) {
        int half = size >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            E c = (E) heap[child];
            int right = child + 1;
            if (right < size && order.compare(c, (E) heap[right]) > 0) {
                c = (E) heap[child = right];
            }
            if (order.compare(e, c) <= 0) {
                break;
            }
            heap[k] = c;
            k = child;
        }
        heap[k] = e;
    }
}
