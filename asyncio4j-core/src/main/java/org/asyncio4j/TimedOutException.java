package org.asyncio4j;

/**
 * A deadline passed: the counterpart of asyncio's {@code TimeoutError}, raised by {@code waitFor},
 * {@code timeout} and {@code asCompleted}. Its cause is the {@link CancelledError} that interrupted the
 * work, where there was one.
 */
public class TimedOutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TimedOutException() {
        super();
    }

    public TimedOutException(String message) {
        super(message);
    }

    public TimedOutException(String message, Throwable cause) {
        super(message, cause);
    }
}
