package org.asyncio4j.transports;

import static org.asyncio4j.Asyncio.getRunningLoop;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.asyncio4j.Asyncio;
import org.asyncio4j.Coroutine;
import org.asyncio4j.EventLoop;
import org.asyncio4j.ExceptionContext;
import org.asyncio4j.Future;
import org.asyncio4j.streams.Server;

/** Helpers for the network tests: loopback only, ephemeral ports. */
public final class NetTesting {
    public static final String LOCALHOST = "127.0.0.1";

    private NetTesting() {}

    /** Runs {@code body} on a fresh real-time loop (a SelectorEventLoop). */
    public static <T> T run(Coroutine<T> body) {
        return Asyncio.run(body);
    }

    /** The port the server's first socket listens on. */
    public static int port(Server server) {
        return server.sockets().get(0).localPort();
    }

    /** Makes the running loop record what reaches its exception handler. */
    public static List<ExceptionContext> captureErrors() {
        List<ExceptionContext> errors = new ArrayList<>();
        getRunningLoop().setExceptionHandler((loop, ctx) -> errors.add(ctx));
        return errors;
    }

    /** A protocol that records what happens to it, in order. */
    public static class Recorder implements Protocol {
        public final List<String> events = new ArrayList<>();
        public final ByteArrayOutputStream received = new ByteArrayOutputStream();
        public final Future<Void> made;
        public final Future<Throwable> lost;
        public final Future<Void> eof;
        public Transport transport;
        public boolean keepOpenOnEof;

        public Recorder() {
            EventLoop loop = getRunningLoop();
            made = loop.createFuture();
            lost = loop.createFuture();
            eof = loop.createFuture();
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            events.add("made");
            made.setResult(null);
        }

        @Override
        public void dataReceived(byte[] data) {
            if (events.isEmpty() || !events.get(events.size() - 1).equals("data")) {
                events.add("data");
            }
            received.writeBytes(data);
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            eof.setResult(null);
            return keepOpenOnEof;
        }

        @Override
        public void connectionLost(Throwable exc) {
            events.add("lost");
            lost.setResult(exc);
        }

        @Override
        public void pauseWriting() {
            events.add("pause");
        }

        @Override
        public void resumeWriting() {
            events.add("resume");
        }
    }

    /** A protocol factory that keeps every {@link Recorder} it makes (the server side of a test). */
    public static final class Recorders implements java.util.function.Supplier<Recorder> {
        public final List<Recorder> made = new ArrayList<>();
        private final Future<Recorder> first = getRunningLoop().createFuture();

        public Recorders() {}

        @Override
        public Recorder get() {
            Recorder r = new Recorder();
            made.add(r);
            if (!first.isDone()) {
                first.setResult(r);
            }
            return r;
        }

        /** Suspends until the first connection's connectionMade has run, and returns its recorder. */
        public Recorder first() {
            Recorder r = first.await();
            r.made.await();
            return r;
        }
    }

    /** Echoes everything back. */
    public static final class Echo implements Protocol {
        private Transport transport;

        public Echo() {}

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }
    }
}
