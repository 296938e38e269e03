package org.asyncio4j.streams;

import java.io.IOException;

/**
 * A read would return more than the reader's limit: counterpart of {@code asyncio.LimitOverrunError}.
 * The data stays in the reader's buffer.
 */
public final class LimitOverrunException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int consumed;

    /**
     * @param message what went wrong
     * @param consumed the number of bytes to consume to get past the problem
     */
    public LimitOverrunException(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /** The number of bytes to consume to get past the problem. */
    public int consumed() {
        return consumed;
    }
}
