/**
 * Queues for producer and consumer coroutines of one event loop: {@link org.asyncio4j.queues.Queue}
 * (FIFO), {@link org.asyncio4j.queues.LifoQueue} and {@link org.asyncio4j.queues.PriorityQueue}, the
 * counterparts of asyncio's, with {@code taskDone()}/{@code join()} and 3.13's {@code shutdown()}.
 *
 * <p>Python's {@code QueueEmpty}, {@code QueueFull} and {@code QueueShutDown} are the unchecked
 * {@link org.asyncio4j.queues.QueueEmptyException}, {@link org.asyncio4j.queues.QueueFullException} and
 * {@link org.asyncio4j.queues.QueueShutDownException}. Not thread-safe: use a queue on its loop's thread
 * (from other threads, go through {@code callSoonThreadsafe} or {@code runCoroutineThreadsafe}).
 */
package org.asyncio4j.queues;
