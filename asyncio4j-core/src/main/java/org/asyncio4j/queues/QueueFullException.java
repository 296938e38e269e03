package org.asyncio4j.queues;

/**
 * Thrown when the queue is full: {@link Queue#putNowait} on a queue holding {@code maxsize} items.
 * Counterpart of {@code asyncio.QueueFull}; unchecked.
 */
public class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With the message "Queue is full". */
    public QueueFullException() {
        this("Queue is full");
    }

    /** With a message of the caller's choice. */
    public QueueFullException(String message) {
        super(message);
    }
}
