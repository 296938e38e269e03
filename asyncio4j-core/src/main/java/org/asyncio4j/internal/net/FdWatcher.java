package org.asyncio4j.internal.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.asyncio4j.BaseEventLoop;
import org.asyncio4j.EventLoop;
import org.asyncio4j.internal.poll.Poller;

/**
 * The reader and writer callbacks of one channel: asyncio's {@code add_reader}/{@code add_writer}.
 * Readiness schedules the callback with {@code callSoon}, so it runs in the same iteration as asyncio's
 * I/O handles do (after the poll, before the due timers), and its failures reach the exception handler
 * as any callback's do.
 */
public final class FdWatcher implements Poller.IoHandler {
    private final BaseEventLoop loop;
    private final SelectableChannel channel;
    private Runnable reader;
    private Runnable writer;

    private FdWatcher(BaseEventLoop loop, SelectableChannel channel) {
        this.loop = loop;
        this.channel = channel;
    }

    @Override
    public void ready(int readyOps) {
        Runnable r = reader;
        Runnable w = writer;
        if (r != null && (readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            loop.callSoon(r);
        }
        if (w != null && (readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            loop.callSoon(w);
        }
    }

    /** asyncio's {@code add_reader}: replaces any reader callback of {@code channel}. */
    public static void addReader(EventLoop eventLoop, SelectableChannel channel, Runnable callback) {
        java.util.Objects.requireNonNull(callback, "callback");
        FdWatcher w = watcher(Loops.base(eventLoop), channel, true);
        w.reader = callback;
        w.update();
    }

    /** asyncio's {@code add_writer}: replaces any writer callback of {@code channel}. */
    public static void addWriter(EventLoop eventLoop, SelectableChannel channel, Runnable callback) {
        java.util.Objects.requireNonNull(callback, "callback");
        FdWatcher w = watcher(Loops.base(eventLoop), channel, true);
        w.writer = callback;
        w.update();
    }

    /** asyncio's {@code remove_reader}: whether a reader callback was registered. */
    public static boolean removeReader(EventLoop eventLoop, SelectableChannel channel) {
        BaseEventLoop loop = Loops.base(eventLoop);
        if (loop.isClosed()) {
            return false;
        }
        FdWatcher w = watcher(loop, channel, false);
        if (w == null || w.reader == null) {
            return false;
        }
        w.reader = null;
        w.update();
        return true;
    }

    /** asyncio's {@code remove_writer}: whether a writer callback was registered. */
    public static boolean removeWriter(EventLoop eventLoop, SelectableChannel channel) {
        BaseEventLoop loop = Loops.base(eventLoop);
        if (loop.isClosed()) {
            return false;
        }
        FdWatcher w = watcher(loop, channel, false);
        if (w == null || w.writer == null) {
            return false;
        }
        w.writer = null;
        w.update();
        return true;
    }

    private static FdWatcher watcher(BaseEventLoop loop, SelectableChannel channel, boolean create) {
        if (loop.isClosed()) {
            throw new IllegalStateException("Event loop is closed");
        }
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("the channel must be non-blocking: " + channel);
        }
        Poller.IoHandler h = loop.poller().handlerOf(channel);
        if (h instanceof FdWatcher w) {
            return w;
        }
        if (h != null) {
            throw new IllegalStateException("File descriptor " + channel + " is used by transport " + h);
        }
        return create ? new FdWatcher(loop, channel) : null;
    }

    /** Registers the interest the callbacks need (keeping the registration when none is left). */
    private void update() {
        int ops = 0;
        if (reader != null) {
            ops |= channel.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        }
        if (writer != null) {
            boolean connecting = channel instanceof SocketChannel sc && sc.isConnectionPending();
            ops |= connecting ? SelectionKey.OP_CONNECT : channel.validOps() & SelectionKey.OP_WRITE;
        }
        Poller poller = loop.poller();
        if (ops == 0 && poller.handlerOf(channel) == null) {
            return;
        }
        try {
            poller.register(channel, ops, this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + channel, e);
        }
    }

    @Override
    public String toString() {
        return "<FdWatcher " + channel + (reader != null ? " reader" : "") + (writer != null ? " writer" : "") + ">";
    }
}
