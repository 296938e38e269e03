package org.asyncio4j.queues;

/**
 * Thrown when the queue is empty: {@link Queue#getNowait()} on an empty queue. Counterpart of {@code
 * asyncio.QueueEmpty}; unchecked.
 */
public class QueueEmptyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With the message "Queue is empty". */
    public QueueEmptyException() {
        this("Queue is empty");
    }

    /** With a message of the caller's choice. */
    public QueueEmptyException(String message) {
        super(message);
    }
}
