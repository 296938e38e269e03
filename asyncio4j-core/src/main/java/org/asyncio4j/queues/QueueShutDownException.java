package org.asyncio4j.queues;

/**
 * Thrown when the queue is shut down: a put after {@link Queue#shutdown(boolean)}, or a get once it is also
 * empty. Counterpart of {@code asyncio.QueueShutDown}; unchecked.
 */
public class QueueShutDownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With the message "Queue is shut down". */
    public QueueShutDownException() {
        this("Queue is shut down");
    }

    /** With a message of the caller's choice. */
    public QueueShutDownException(String message) {
        super(message);
    }
}
