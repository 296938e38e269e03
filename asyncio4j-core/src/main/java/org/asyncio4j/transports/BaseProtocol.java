package org.asyncio4j.transports;

/**
 * The callbacks every protocol receives: counterpart of {@code asyncio.BaseProtocol}. The stream
 * protocols are {@link Protocol} and {@link BufferedProtocol}; UDP has {@link DatagramProtocol}.
 *
 * <p>Callbacks run on the loop's thread as plain callbacks, never inside a coroutine: they must not
 * suspend (start a task to do so). An exception thrown by a callback goes to the loop's exception
 * handler and the transport is closed.
 */
public interface BaseProtocol {
    /**
     * The connection is gone: {@code exc} is null after a normal close or end of file, else the error
     * that ended it. Called exactly once, last, on a later iteration than the call that closed it.
     */
    default void connectionLost(Throwable exc) {}

    /**
     * The transport's write buffer grew above the high-water mark: stop producing until
     * {@link #resumeWriting()}. Calls alternate strictly with {@code resumeWriting}.
     */
    default void pauseWriting() {}

    /** The transport's write buffer drained to the low-water mark: producing may go on. */
    default void resumeWriting() {}
}
