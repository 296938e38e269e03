/**
 * Streams: asyncio's coroutine-level networking API.
 *
 * <p>{@link org.asyncio4j.streams.Streams#openConnection} gives a
 * {@link org.asyncio4j.streams.StreamReader} and a {@link org.asyncio4j.streams.StreamWriter};
 * {@link org.asyncio4j.streams.Streams#startServer} runs a coroutine per client with the same pair.
 * Reads suspend until data arrives and throw {@link java.io.IOException}s; writes never block, and
 * {@link org.asyncio4j.streams.StreamWriter#drain()} is where a writer waits for a slow peer.
 *
 * {@snippet :
 * Server server = Streams.startServer((reader, writer) -> {
 *     for (byte[] line : reader.lines()) {
 *         writer.write(line);
 *         writer.drain();
 *     }
 *     writer.close();
 * }, "127.0.0.1", 8888);
 * server.serveForever();
 * }
 */
package org.asyncio4j.streams;
