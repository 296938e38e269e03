package org.asyncio4j.streams;

/**
 * The two ends of a stream connection, as returned by {@link Streams#openConnection} (asyncio's
 * {@code (reader, writer)} tuple).
 */
public record StreamConnection(StreamReader reader, StreamWriter writer) {
}
