package org.asyncio4j;

/**
 * The operation was cancelled: the counterpart of {@code asyncio.CancelledError}.
 *
 * <p>It extends {@link Error}, not {@link Exception}, deliberately: a {@code catch (Exception e)} must
 * not swallow a cancellation (asyncio made {@code CancelledError} a {@code BaseException} in 3.8 for the
 * same reason). Catch it only to clean up, then rethrow it; a task that swallows it is not cancelled.
 * {@link #getMessage()} is the message given to {@code cancel(msg)}, or {@code null}.
 */
public class CancelledError extends Error {
    private static final long serialVersionUID = 1L;

    /** A cancellation without a message. */
    public CancelledError() {
        super((String) null);
    }

    /** A cancellation carrying the message passed to {@code cancel(msg)} (may be null). */
    public CancelledError(String message) {
        super(message);
    }

    /** A cancellation with a message, chained to the cancellation it re-raises. */
    public CancelledError(String message, Throwable cause) {
        super(message, cause);
    }
}
