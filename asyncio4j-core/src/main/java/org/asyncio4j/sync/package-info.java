/**
 * Synchronization primitives for coroutines of one event loop: {@link org.asyncio4j.sync.Lock},
 * {@link org.asyncio4j.sync.Event}, {@link org.asyncio4j.sync.Condition},
 * {@link org.asyncio4j.sync.Semaphore}, {@link org.asyncio4j.sync.BoundedSemaphore} and
 * {@link org.asyncio4j.sync.Barrier}: the counterparts of asyncio's, with the same fairness and
 * cancellation rules.
 *
 * <p>They are not thread-safe: like everything that touches a loop, use them on the loop's thread. Each
 * binds to the running loop the first time a coroutine has to wait on it, and fails with
 * {@link java.lang.IllegalStateException} when used from another loop afterwards. Waiting methods are
 * named {@code await()} because {@code Object.wait()} is final; for the same reason
 * {@code Condition.notify_all()} is {@link org.asyncio4j.sync.Condition#notifyAllWaiters()}. asyncio's
 * {@code async with lock:} is {@code lock.withLock(() -> ...)} (and {@code semaphore.withPermit(...)}).
 */
package org.asyncio4j.sync;
