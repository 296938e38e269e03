package org.asyncio4j.streams;

import java.net.SocketException;

/**
 * The connection is gone: counterpart of Python's {@code ConnectionResetError} as raised by
 * {@link StreamWriter#drain()} ("Connection lost") after the connection was lost.
 */
public final class ConnectionResetException extends SocketException {
    private static final long serialVersionUID = 1L;

    public ConnectionResetException(String message) {
        super(message);
    }
}
