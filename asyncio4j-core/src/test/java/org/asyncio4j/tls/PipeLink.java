package org.asyncio4j.tls;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.asyncio4j.internal.tls.SslPipe;

/**
 * Two {@link SslPipe}s joined by an in-memory wire that delivers ciphertext in random chunks (seeded),
 * so every record boundary a real socket could produce gets exercised.
 */
final class PipeLink {
    /** One end: its pipe, what it has received, what it still wants to send. */
    static final class End {
        final String name;
        final SslPipe pipe;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final ArrayDeque<ByteBuffer> toWrite = new ArrayDeque<>();
        /** Ciphertext on its way to this end. */
        final ByteArrayOutputStream inFlight = new ByteArrayOutputStream();
        int readChunk = 64 * 1024;
        boolean eof;
        boolean shuttingDown;
        boolean closed;
        /** Answer the peer's close_notify with our own, as SslProtocol does. */
        boolean replyToCloseNotify = true;

        End(String name, SSLEngine engine) {
            this.name = name;
            this.pipe = new SslPipe(engine);
        }

        void send(byte[] data) {
            toWrite.add(ByteBuffer.wrap(data));
        }

        void pump() throws SSLException {
            if (!pipe.isHandshakeComplete() && !pipe.doHandshake()) {
                return;
            }
            if (!shuttingDown) {
                writeQueued();
                readAvailable();
                writeQueued(); // a renegotiation may have been waiting for what was just read
                if (eof && replyToCloseNotify) {
                    shuttingDown = true;
                }
            }
            if (shuttingDown && !closed) {
                closed = pipe.shutdown();
            }
        }

        private void writeQueued() throws SSLException {
            while (!toWrite.isEmpty()) {
                ByteBuffer b = toWrite.peek();
                pipe.write(b);
                if (b.hasRemaining()) {
                    return;
                }
                toWrite.poll();
            }
        }

        private void readAvailable() throws SSLException {
            ByteBuffer buf = ByteBuffer.allocate(readChunk);
            int n;
            while ((n = pipe.read(buf.clear())) > 0) {
                received.write(buf.array(), 0, n);
            }
            if (n == SslPipe.EOF) {
                eof = true;
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    final End client;
    final End server;
    private final Random random;
    private final int maxChunk;

    PipeLink(SSLEngine clientEngine, SSLEngine serverEngine, long seed, int maxChunk) {
        this.client = new End("client", clientEngine);
        this.server = new End("server", serverEngine);
        this.random = new Random(seed);
        this.maxChunk = maxChunk;
    }

    /** Pumps both ends and moves ciphertext until {@code done} holds; fails after {@code maxRounds}. */
    void runUntil(BooleanSupplier done, int maxRounds) throws SSLException {
        for (int round = 0; round < maxRounds; round++) {
            if (done.getAsBoolean()) {
                return;
            }
            step();
        }
        if (!done.getAsBoolean()) {
            throw new AssertionError("no progress after " + maxRounds + " rounds: client handshake="
                    + client.pipe.isHandshakeComplete() + " server handshake=" + server.pipe.isHandshakeComplete()
                    + " client received=" + client.received.size() + " server received=" + server.received.size());
        }
    }

    /** One round: each end pumps, its ciphertext goes on the wire, and a random chunk is delivered each way. */
    void step() throws SSLException {
        client.pump();
        server.pump();
        server.inFlight.writeBytes(client.pipe.takeOutgoing());
        client.inFlight.writeBytes(server.pipe.takeOutgoing());
        deliver(client);
        deliver(server);
    }

    void handshake() throws SSLException {
        runUntil(() -> client.pipe.isHandshakeComplete() && server.pipe.isHandshakeComplete(), 10_000);
    }

    /** Runs until nothing is in flight or waiting to be sent (a TLS 1.3 NewSessionTicket, say). */
    void quiesce() throws SSLException {
        runUntil(() -> client.inFlight.size() == 0 && server.inFlight.size() == 0
                && client.pipe.outgoingPending() == 0 && server.pipe.outgoingPending() == 0, 10_000);
        client.pump();
        server.pump();
    }

    private void deliver(End to) {
        byte[] all = to.inFlight.toByteArray();
        if (all.length == 0) {
            return;
        }
        int n = switch (random.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 1 + random.nextInt(Math.min(all.length, 64));
            case 2 -> 1 + random.nextInt(Math.min(all.length, maxChunk));
            default -> Math.min(all.length, maxChunk);
        };
        to.pipe.feed(all, 0, n);
        to.inFlight.reset();
        to.inFlight.write(all, n, all.length - n);
    }
}
