package org.asyncio4j.queues;

import java.util.List;

/** Where a queue keeps its items: the retrieval order is the store's (FIFO, LIFO, priority). */
interface ItemStore<T> {
    void add(T item);

    /** Removes and returns the next item; the store is not empty. */
    T remove();

    int size();

    /** The items in storage order, for {@code toString()}. */
    List<T> snapshot();
}
