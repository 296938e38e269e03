package org.asyncio4j.queues;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** FIFO or LIFO storage on an array deque; null items are allowed (Python puts None on queues). */
final class DequeStore<T> implements ItemStore<T> {
    /** Stands for a null item, which ArrayDeque cannot hold. */
    private static final Object NULL = new Object();

    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private final boolean lifo;

    DequeStore(boolean lifo) {
        this.lifo = lifo;
    }

    @Override
    public void add(T item) {
        items.addLast(item == null ? NULL : item);
    }

    @Override
    public T remove() {
        return unmask(lifo ? items.removeLast() : items.removeFirst());
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public List<T> snapshot() {
        List<T> list = new ArrayList<>(items.size());
        for (Object o : items) {
            list.add(unmask(o));
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static <T> T unmask(Object o) {
        return o == NULL ? null : (T) o;
    }
}
