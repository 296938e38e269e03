package org.asyncio4j.streams;

/**
 * What a stream server runs for each client, as its own task: counterpart of asyncio's
 * {@code client_connected_cb}. It may suspend (read, drain, sleep). If it throws, the loop's exception
 * handler is told ("Unhandled exception in client_connected_cb") and the connection is closed; if it is
 * cancelled the connection is closed silently.
 */
@FunctionalInterface
public interface ClientConnectedCallback {
    void handle(StreamReader reader, StreamWriter writer) throws Exception;
}
