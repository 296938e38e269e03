package org.asyncio4j.internal.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import org.asyncio4j.EventLoop;
import org.asyncio4j.Future;

/**
 * The suspending socket operations on plain non-blocking channels: asyncio's {@code sock_recv},
 * {@code sock_recv_into}, {@code sock_sendall}, {@code sock_accept}, {@code sock_connect}. Each tries
 * the operation at once and, while the channel is not ready, waits for readiness through
 * {@link FdWatcher}; cancellation stops the wait and unregisters the callback.
 */
public final class SockOps {
    private static final byte[] EMPTY = new byte[0];

    private SockOps() {}

    public static <C extends SelectableChannel & ReadableByteChannel> byte[] recv(EventLoop loop, C channel, int n)
            throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("negative buffer size: " + n);
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        int r = recvInto(loop, channel, b);
        return r == 0 ? EMPTY : Arrays.copyOf(b.array(), r);
    }

    /** Reads into {@code buffer}; returns the number of bytes read, 0 at end of stream. */
    public static <C extends SelectableChannel & ReadableByteChannel> int recvInto(EventLoop loop, C channel,
                                                                                  ByteBuffer buffer) throws IOException {
        requireNonBlocking(channel);
        while (true) {
            if (!buffer.hasRemaining()) {
                return 0;
            }
            int r = channel.read(buffer);
            if (r != 0) {
                return Math.max(r, 0);
            }
            awaitReady(loop, channel, true);
        }
    }

    /** Writes all of {@code data}; returns only once everything is written, or throws. */
    public static <C extends SelectableChannel & WritableByteChannel> void sendAll(EventLoop loop, C channel,
                                                                                  ByteBuffer data) throws IOException {
        requireNonBlocking(channel);
        while (true) {
            channel.write(data);
            if (!data.hasRemaining()) {
                return;
            }
            awaitReady(loop, channel, false);
        }
    }

    /** Accepts a connection; the new channel is non-blocking. */
    public static SocketChannel accept(EventLoop loop, ServerSocketChannel listener) throws IOException {
        requireNonBlocking(listener);
        while (true) {
            SocketChannel c = listener.accept();
            if (c != null) {
                c.configureBlocking(false);
                return c;
            }
            awaitReady(loop, listener, true);
        }
    }

    /** Connects {@code channel} to {@code address} (an unresolved address is resolved first). */
    public static void connect(EventLoop loop, SocketChannel channel, SocketAddress address) throws IOException {
        requireNonBlocking(channel);
        if (address instanceof InetSocketAddress a && a.isUnresolved()) {
            address = Resolver.getaddrinfo(loop, a.getHostString(), a.getPort()).get(0);
        }
        if (channel.connect(address)) {
            return;
        }
        while (true) {
            awaitReady(loop, channel, false);
            if (channel.finishConnect()) {
                return;
            }
        }
    }

    static void requireNonBlocking(SelectableChannel channel) {
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("the socket must be non-blocking: " + channel);
        }
    }

    private static void awaitReady(EventLoop loop, SelectableChannel channel, boolean read) throws IOException {
        Future<Void> ready = loop.createFuture();
        Runnable wake = () -> {
            if (!ready.isDone()) {
                ready.setResult(null);
            }
        };
        if (read) {
            FdWatcher.addReader(loop, channel, wake);
        } else {
            FdWatcher.addWriter(loop, channel, wake);
        }
        try {
            IoAwait.await(ready);
        } finally {
            if (channel.isOpen()) {
                if (read) {
                    FdWatcher.removeReader(loop, channel);
                } else {
                    FdWatcher.removeWriter(loop, channel);
                }
            }
        }
    }
}
