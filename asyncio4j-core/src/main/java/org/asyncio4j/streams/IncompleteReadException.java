package org.asyncio4j.streams;

import java.io.EOFException;

/**
 * The stream ended before a read was satisfied: counterpart of {@code asyncio.IncompleteReadError}
 * (an {@code EOFError}, here an {@link EOFException}).
 */
public final class IncompleteReadException extends EOFException {
    private static final long serialVersionUID = 1L;

    private final transient byte[] partial;
    private final Integer expected;

    /**
     * @param partial the bytes read before the end of the stream
     * @param expected the number of bytes expected, or null when there was no definite number
     */
    public IncompleteReadException(byte[] partial, Integer expected) {
        super(partial.length + " bytes read on a total of " + (expected == null ? "undefined" : expected.toString())
                + " expected bytes");
        this.partial = partial;
        this.expected = expected;
    }

    /** The bytes read before the end of the stream (the array itself, not a copy). */
    public byte[] partial() {
        return partial;
    }

    /** The number of bytes expected, or null when there was no definite number. */
    public Integer expected() {
        return expected;
    }
}
