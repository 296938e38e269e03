package org.asyncio4j.sync;

/**
 * A {@link Barrier} was aborted or reset while a coroutine waited on it, or was broken when it arrived.
 * Counterpart of {@code asyncio.BrokenBarrierError} (a {@code RuntimeError}, hence an
 * {@link IllegalStateException} here). Unchecked, unlike {@link java.util.concurrent.BrokenBarrierException}.
 */
public class BrokenBarrierException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** With a message saying how the barrier broke. */
    public BrokenBarrierException(String message) {
        super(message);
    }
}
