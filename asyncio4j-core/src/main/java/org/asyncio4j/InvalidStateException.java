package org.asyncio4j;

/**
 * A future was used in a state that does not allow the operation, such as reading the result of a
 * pending future or completing one twice: the counterpart of {@code asyncio.InvalidStateError}.
 */
public class InvalidStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public InvalidStateException(String message) {
        super(message);
    }
}
