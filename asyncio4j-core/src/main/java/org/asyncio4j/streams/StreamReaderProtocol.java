package org.asyncio4j.streams;

import java.io.IOException;
import java.util.ArrayDeque;
import org.asyncio4j.EventLoop;
import org.asyncio4j.ExceptionContext;
import org.asyncio4j.Future;
import org.asyncio4j.Task;
import org.asyncio4j.internal.net.IoAwait;
import org.asyncio4j.transports.Protocol;
import org.asyncio4j.transports.Transport;

/**
 * The protocol between a transport and a {@link StreamReader}/{@link StreamWriter} pair: counterpart of
 * asyncio's {@code StreamReaderProtocol} with its {@code FlowControlMixin} (kept internal, as the
 * semantics reference advises). On a server it also starts the client callback as a task.
 */
final class StreamReaderProtocol implements Protocol {
    private final EventLoop loop;
    private StreamReader reader;
    private final ClientConnectedCallback clientConnected;
    private Transport transport;
    private boolean overSsl;
    /** Completed when the connection is lost (failed with the error that ended it). */
    private final Future<Void> closed;
    /** Keeps the client task referenced while it runs. */
    private Task<Void> task;
    private boolean paused;
    private boolean connectionLost;
    private final ArrayDeque<Future<Void>> drainWaiters = new ArrayDeque<>();

    StreamReaderProtocol(EventLoop loop, StreamReader reader, ClientConnectedCallback clientConnected) {
        this.loop = loop;
        this.reader = reader;
        this.clientConnected = clientConnected;
        this.closed = loop.createFuture();
    }

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        reader.setTransport(t);
        overSsl = t.getExtraInfo("sslcontext") != null;
        if (clientConnected == null) {
            return;
        }
        StreamReader r = reader;
        StreamWriter writer = new StreamWriter(t, this, r, loop);
        task = loop.createTask(() -> {
            clientConnected.handle(r, writer);
            return null;
        });
        task.addDoneCallback(f -> {
            task = null;
            if (f.isCancelled()) {
                t.close();
                return;
            }
            Throwable exc = f.exception();
            if (exc != null) {
                loop.callExceptionHandler(ExceptionContext.of("Unhandled exception in client_connected_cb", exc));
                t.close();
            }
        });
    }

    @Override
    public void dataReceived(byte[] data) {
        reader.feedData(data);
    }

    @Override
    public boolean eofReceived() {
        reader.feedEof();
        // Keep the connection half-open so that the writer may go on, except over TLS, which has no
        // half-close.
        return !overSsl;
    }

    @Override
    public void connectionLost(Throwable exc) {
        StreamReader r = reader;
        if (r != null) {
            if (exc == null) {
                r.feedEof();
            } else {
                r.setException(exc);
            }
        }
        if (!closed.isDone()) {
            if (exc == null) {
                closed.setResult(null);
            } else {
                closed.setException(exc);
                closed.exception(); // retrieved: only waitClosed() callers need to see it
            }
        }
        connectionLost = true;
        if (paused) {
            for (Future<Void> w : drainWaiters) {
                if (!w.isDone()) {
                    if (exc == null) {
                        w.setResult(null);
                    } else {
                        w.setException(exc);
                    }
                }
            }
        }
        reader = null;
        transport = null;
    }

    @Override
    public void pauseWriting() {
        paused = true;
    }

    @Override
    public void resumeWriting() {
        paused = false;
        for (Future<Void> w : drainWaiters) {
            if (!w.isDone()) {
                w.setResult(null);
            }
        }
    }

    /** Suspends while the transport's write buffer is above its high-water mark. */
    void drainHelper() throws IOException {
        if (connectionLost) {
            throw new ConnectionResetException("Connection lost");
        }
        if (!paused) {
            return;
        }
        Future<Void> w = loop.createFuture();
        drainWaiters.addLast(w);
        try {
            IoAwait.await(w);
        } finally {
            drainWaiters.remove(w);
        }
    }

    /** Whether this protocol serves a {@code startServer} connection (so it is the TLS server side). */
    boolean isServerSide() {
        return clientConnected != null;
    }

    /** After {@code startTls}: the TLS transport replaces the socket one (asyncio's {@code _replace_transport}). */
    void replaceTransport(Transport t) {
        transport = t;
        overSsl = t.getExtraInfo("sslcontext") != null;
    }

    /** The future completed when the connection is lost. */
    Future<Void> closeWaiter() {
        return closed;
    }

    @Override
    public String toString() {
        return "<StreamReaderProtocol transport=" + transport + ">";
    }
}
