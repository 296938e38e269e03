package org.asyncio4j.internal.poll;

import java.io.IOException;
import java.nio.channels.SelectableChannel;

/**
 * Waits for I/O readiness on behalf of one event loop. The first implementation is
 * {@link SelectorPoller} (epoll on Linux through {@code java.nio.channels.Selector}); a backend calling
 * epoll or io_uring through the FFM API can implement the same interface.
 *
 * <p>All methods except {@link #wakeup()} are called on the loop's thread only.
 */
public interface Poller extends AutoCloseable {
    /** Receives readiness; called on the loop's thread during {@link #poll}. */
    @FunctionalInterface
    interface IoHandler {
        /** {@code readyOps} uses the {@link java.nio.channels.SelectionKey} OP_ bits. */
        void ready(int readyOps);
    }

    /**
     * Waits until a registered channel is ready, {@link #wakeup()} is called, or the timeout passes, and
     * calls the handlers of the ready channels.
     *
     * @param timeoutNanos 0 to not wait, negative to wait without limit
     * @return the number of channels that were ready
     */
    int poll(long timeoutNanos) throws IOException;

    /** Makes a current or the next {@link #poll} return at once. Thread-safe. */
    void wakeup();

    /**
     * Sets the operations {@code channel} is watched for (0 stops watching it, without forgetting it) and
     * the handler that receives its readiness. The channel must be non-blocking.
     */
    void register(SelectableChannel channel, int interestOps, IoHandler handler) throws IOException;

    /** Stops watching {@code channel} entirely. Returns whether it was registered. */
    boolean unregister(SelectableChannel channel);

    /**
     * Stops watching {@code channel} and closes it now. (A Selector defers closing a registered channel
     * until its next poll; a listening socket would go on accepting connections until then.)
     */
    void closeChannel(SelectableChannel channel) throws IOException;

    /** The operations {@code channel} is watched for, or 0 if it is not registered. */
    int interestOps(SelectableChannel channel);

    /** The handler {@code channel} is registered with, or null if it is not registered. */
    IoHandler handlerOf(SelectableChannel channel);

    /** Whether any channel is watched for any operation (a virtual-time loop must then really wait). */
    boolean hasInterest();

    @Override
    void close();
}
