/**
 * Transports and protocols: asyncio's callback-level networking API.
 *
 * <p>A {@link org.asyncio4j.transports.Transport} owns a connection and moves bytes; a
 * {@link org.asyncio4j.transports.Protocol} (or {@link org.asyncio4j.transports.BufferedProtocol}) is
 * told what happens to it: {@code connectionMade} exactly once, then data, then at most one
 * {@code eofReceived}, then {@code connectionLost} exactly once. Protocol callbacks run on the loop's
 * thread and must not suspend; start a task for work that waits. Get connections from
 * {@link org.asyncio4j.EventLoop#createConnection}, servers from
 * {@link org.asyncio4j.EventLoop#createServer}, UDP endpoints from
 * {@link org.asyncio4j.EventLoop#createDatagramEndpoint}. Options are small records
 * ({@link org.asyncio4j.transports.ConnectionOptions}, {@link org.asyncio4j.transports.ServerOptions},
 * {@link org.asyncio4j.transports.DatagramOptions}) changed with {@code with...} methods.
 *
 * <p>Most programs are simpler with the coroutine-level API of {@link org.asyncio4j.streams}.
 */
package org.asyncio4j.transports;
