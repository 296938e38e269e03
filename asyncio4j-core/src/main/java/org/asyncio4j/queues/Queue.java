package org.asyncio4j.queues;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.asyncio4j.EventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.internal.sync.Waiters;
import org.asyncio4j.sync.Event;

/**
 * A first-in, first-out queue for producer and consumer coroutines of one event loop. Counterpart of
 * {@code asyncio.Queue}.
 *
 * <p>A queue created with a {@code maxsize} above 0 holds at most that many items and {@link #put}
 * suspends while it is full; with 0 (or less) it is unbounded. {@link #get} suspends while it is empty.
 * Blocked getters and putters are served first come, first served, and a waiter cancelled after being
 * woken passes its turn on, so no item and no free slot is ever lost. {@link #taskDone()} and
 * {@link #join()} count work: every item put must be marked done once. {@link #shutdown(boolean)} ends the
 * queue's life (asyncio 3.13).
 *
 * <p>Because the loop runs one coroutine at a time, {@link #qsize()} and friends are exact. Null items are
 * allowed (as {@code None} is in Python). Not thread-safe; the queue binds to the running loop the first
 * time a coroutine has to wait on it. Taking an available item, or putting one where there is room, never
 * suspends and allocates no waiter.
 *
 * @param <T> the type of the items
 */
public sealed class Queue<T> permits LifoQueue, PriorityQueue {
    private final int maxsize;
    private final ItemStore<T> items;
    /** Waiter futures of the coroutines blocked in get(), in arrival order; a waker removes the one it wakes. */
    private final ArrayDeque<Future<Void>> getters = new ArrayDeque<>();
    /** Waiter futures of the coroutines blocked in put(), in arrival order; a waker removes the one it wakes. */
    private final ArrayDeque<Future<Void>> putters = new ArrayDeque<>();
    /** Items put and not yet marked done with taskDone(). */
    private int unfinishedTasks;
    /** Set while unfinishedTasks is 0: what join() waits for. */
    private final Event finished = new Event();
    private boolean shutDown;
    /** The loop of the first coroutine that had to wait, or null. */
    private EventLoop loop;

    /** An unbounded FIFO queue. */
    public Queue() {
        this(0);
    }

    /** A FIFO queue holding at most {@code maxsize} items; {@code maxsize <= 0} means unbounded. */
    public Queue(int maxsize) {
        this(maxsize, new DequeStore<>(false));
    }

    Queue(int maxsize, ItemStore<T> items) {
        this.maxsize = maxsize;
        this.items = Objects.requireNonNull(items);
        finished.set();
    }

    /** The number of items in the queue. */
    public int qsize() {
        return items.size();
    }

    /** The maximum number of items, as given to the constructor (0 or less: unbounded). */
    public int maxsize() {
        return maxsize;
    }

    /** Whether the queue holds no item. */
    public boolean isEmpty() {
        return items.size() == 0;
    }

    /** Whether the queue holds {@link #maxsize()} items; never true for an unbounded queue. */
    public boolean isFull() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    /**
     * Puts {@code item} into the queue, first waiting for a free slot while the queue is full.
     *
     * <p><b>Cancellation:</b> a cancelled putter leaves the queue of putters without putting its item; if
     * a free slot had been signalled to it, the next putter is woken instead.
     *
     * @throws QueueShutDownException if the queue is shut down, before or while waiting
     * @throws IllegalStateException if the queue is bound to another event loop, or the call has to wait
     *         outside a coroutine
     */
    public void put(T item) {
        while (isFull()) {
            if (shutDown) {
                throw new QueueShutDownException();
            }
            awaitTurn(putters, () -> !isFull());
        }
        putNowait(item);
    }

    /**
     * Puts {@code item} into the queue without waiting, and wakes the first blocked getter.
     *
     * @throws QueueFullException if the queue is full
     * @throws QueueShutDownException if the queue is shut down
     */
    public void putNowait(T item) {
        if (shutDown) {
            throw new QueueShutDownException();
        }
        if (isFull()) {
            throw new QueueFullException("Queue is full (maxsize=" + maxsize + ")");
        }
        items.add(item);
        unfinishedTasks++;
        finished.clear();
        Waiters.popAndWakeNext(getters);
    }

    /**
     * Removes and returns the next item, first waiting for one while the queue is empty.
     *
     * <p><b>Cancellation:</b> a cancelled getter leaves the queue of getters and takes nothing: an item
     * whose arrival was signalled to it stays in the queue and the next getter is woken for it.
     *
     * @throws QueueShutDownException if the queue is shut down and empty (or shut down immediately), before
     *         or while waiting
     * @throws IllegalStateException if the queue is bound to another event loop, or the call has to wait
     *         outside a coroutine
     */
    public T get() {
        while (isEmpty()) {
            if (shutDown) {
                throw new QueueShutDownException();
            }
            awaitTurn(getters, () -> !isEmpty());
        }
        return getNowait();
    }

    /**
     * Removes and returns the next item without waiting, and wakes the first blocked putter.
     *
     * @throws QueueEmptyException if the queue is empty
     * @throws QueueShutDownException if the queue is empty and shut down
     */
    public T getNowait() {
        if (isEmpty()) {
            if (shutDown) {
                throw new QueueShutDownException();
            }
            throw new QueueEmptyException();
        }
        T item = items.remove();
        Waiters.popAndWakeNext(putters);
        return item;
    }

    /**
     * Suspends as one of {@code waiters} until woken. If it fails instead (cancelled), it leaves the deque
     * and, when it had been woken and what it waited for is still {@code available}, wakes the next waiter
     * in its place.
     */
    private void awaitTurn(ArrayDeque<Future<Void>> waiters, BooleanSupplier available) {
        loop = Waiters.bind(loop, this);
        Future<Void> waiter = loop.createFuture();
        waiters.addLast(waiter);
        try {
            waiter.await();
        } catch (Throwable e) {
            waiter.cancel(); // in case it is still pending
            waiters.remove(waiter); // a waker or shutdown() may have removed it already
            if (available.getAsBoolean() && !waiter.isCancelled()) {
                Waiters.popAndWakeNext(waiters);
            }
            throw e;
        }
    }

    /**
     * Marks one item taken with {@link #get()} as processed; when every item put so far is processed,
     * {@link #join()} returns. Counterpart of {@code Queue.task_done()}.
     *
     * @throws IllegalArgumentException "taskDone() called too many times" if no item is unfinished
     */
    public void taskDone() {
        if (unfinishedTasks <= 0) {
            throw new IllegalArgumentException("taskDone() called too many times");
        }
        unfinishedTasks--;
        if (unfinishedTasks == 0) {
            finished.set();
        }
    }

    /**
     * Waits until every item put into the queue has been marked done with {@link #taskDone()}; returns at
     * once if none is unfinished. The count rises on every put, not on get.
     *
     * <p><b>Cancellation:</b> throws {@link org.asyncio4j.CancelledError}; the queue is unaffected.
     *
     * @throws IllegalStateException if the queue is bound to another event loop, or the call has to wait
     *         outside a coroutine
     */
    public void join() {
        if (unfinishedTasks > 0) {
            loop = Waiters.bind(loop, this);
            finished.await();
        }
    }

    /** {@link #shutdown(boolean) shutdown(false)}. */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down: every later put fails with {@link QueueShutDownException}, and so does a get
     * once the queue is empty; blocked putters fail and blocked getters re-check (so they fail if the queue
     * is empty). With {@code immediate}, the remaining items are also discarded, each counting as done for
     * {@link #join()}, so gets fail at once. Counterpart of {@code Queue.shutdown(immediate)} (3.13).
     */
    public void shutdown(boolean immediate) {
        shutDown = true;
        if (immediate) {
            while (!isEmpty()) {
                items.remove();
                if (unfinishedTasks > 0) {
                    unfinishedTasks--;
                }
            }
            if (unfinishedTasks == 0) {
                finished.set();
            }
        }
        wakeAll(getters);
        wakeAll(putters);
    }

    private static void wakeAll(ArrayDeque<Future<Void>> waiters) {
        while (Waiters.popAndWakeNext(waiters)) {
            // each call wakes one
        }
    }

    /** Items put and not yet marked done (for tests). */
    final int unfinishedTasks() {
        return unfinishedTasks;
    }

    /** Number of queued getter futures (for tests). */
    final int getterCount() {
        return getters.size();
    }

    /** Number of queued putter futures (for tests). */
    final int putterCount() {
        return putters.size();
    }

    /** Number of queued getters neither woken nor cancelled (for invariant checks in tests). */
    final int pendingGetterCount() {
        return Waiters.countPending(getters);
    }

    /** Number of queued putters neither woken nor cancelled (for invariant checks in tests). */
    final int pendingPutterCount() {
        return Waiters.countPending(putters);
    }

    /** asyncio's {@code Queue._format()}: {@code maxsize=2 items=[1, 2] getters[1] putters[1] tasks=2 shutdown}. */
    final String format() {
        StringBuilder s = new StringBuilder("maxsize=").append(maxsize);
        if (!isEmpty()) {
            s.append(" items=").append(items.snapshot());
        }
        if (!getters.isEmpty()) {
            s.append(" getters[").append(getters.size()).append(']');
        }
        if (!putters.isEmpty()) {
            s.append(" putters[").append(putters.size()).append(']');
        }
        if (unfinishedTasks != 0) {
            s.append(" tasks=").append(unfinishedTasks);
        }
        if (shutDown) {
            s.append(" shutdown");
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this)) + " "
                + format() + ">";
    }
}
