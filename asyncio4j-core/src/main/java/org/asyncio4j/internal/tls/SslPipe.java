package org.asyncio4j.internal.tls;

import java.nio.ByteBuffer;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * A TLS byte pump around one {@link SSLEngine}, with no loop, no socket and no threads: ciphertext from
 * the peer goes in through {@link #feed}, plaintext comes out of {@link #read}; plaintext from the
 * application goes in through {@link #write}, ciphertext for the peer comes out of
 * {@link #takeOutgoing}. Counterpart of CPython's {@code ssl.SSLObject} with its incoming and outgoing
 * {@code MemoryBIO}s, which {@code asyncio.sslproto} drives the same way.
 *
 * <p>Every operation makes all the progress the bytes at hand allow, then returns; none ever waits.
 * "Want read" (the peer must send more before this can go on) is reported by a return value, never by
 * an exception. Handshake messages that arrive or must be sent at any time — the initial handshake, a
 * TLS 1.2 renegotiation, TLS 1.3 {@code KeyUpdate} and {@code NewSessionTicket}, the reply to a
 * {@code close_notify} — are handled inside whichever operation meets them; their output joins the
 * outgoing ciphertext.
 *
 * <p>Delegated tasks (certificate validation, key agreement) run inline on the calling thread. On an
 * event loop that is the loop thread, which is exactly where CPython's OpenSSL does the same work
 * (inside {@code do_handshake()}); handing them to another thread would add a thread hop and a
 * re-entry point per handshake for work that takes milliseconds.
 *
 * <p>Buffers grow on {@code BUFFER_OVERFLOW} (for the larger of the session's packet and application
 * buffer sizes, re-read each time because a session can change them) and the incoming buffer grows on
 * {@code BUFFER_UNDERFLOW} when a whole record cannot fit.
 *
 * <p>After any method throws {@link SSLException} the pipe is broken: the engine's alert for the peer
 * (if it made one) is left in the outgoing ciphertext, and every later operation rethrows the same
 * exception.
 *
 * <p>Not thread-safe: one thread at a time.
 */
public final class SslPipe {
    /** What {@link #read} returns once the peer's {@code close_notify} has been read and no plaintext is left. */
    public static final int EOF = -1;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    /** Ciphertext received and not yet unwrapped (write mode: position = bytes held). */
    private ByteBuffer netIn;
    /** Plaintext unwrapped and not yet read (write mode). */
    private ByteBuffer appIn;
    /** Ciphertext produced and not yet taken (write mode). */
    private ByteBuffer netOut;
    private boolean handshakeBegun;
    private boolean handshakeComplete;
    private boolean shutdownBegun;
    private SSLException failure;

    /**
     * A pipe around {@code engine}, which must be fresh (no handshake begun) and configured: client or
     * server mode, SNI, endpoint identification, protocols.
     */
    public SslPipe(SSLEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.netIn = ByteBuffer.allocate(packetSize());
        this.appIn = ByteBuffer.allocate(applicationSize());
        this.netOut = ByteBuffer.allocate(packetSize());
    }

    /** The engine this pipe drives (its session, peer certificates and parameters). */
    public SSLEngine engine() {
        return engine;
    }

    // ------------------------------------------------------------------ the two byte queues

    /** Appends ciphertext received from the peer (all remaining bytes of {@code ciphertext} are copied). */
    public void feed(ByteBuffer ciphertext) {
        netIn = ensureRoom(netIn, ciphertext.remaining());
        netIn.put(ciphertext);
    }

    /** Appends {@code len} bytes of ciphertext received from the peer. */
    public void feed(byte[] ciphertext, int off, int len) {
        feed(ByteBuffer.wrap(ciphertext, off, len));
    }

    /**
     * The buffer to put received ciphertext in directly, with at least {@code room} bytes free between
     * its position and limit: write into it (advancing its position) before the next call on this pipe.
     * A zero-copy {@link #feed}, for a transport that reads from the socket straight into it.
     */
    public ByteBuffer receiveBuffer(int room) {
        netIn = ensureRoom(netIn, room);
        return netIn;
    }

    /** Bytes received and not yet handed out: ciphertext not yet decrypted plus plaintext not yet read. */
    public int readBufferSize() {
        return netIn.position() + appIn.position();
    }

    /** Ciphertext waiting to be taken and sent to the peer. */
    public int outgoingPending() {
        return netOut.position();
    }

    /** Removes and returns all ciphertext waiting to be sent (an empty array when there is none). */
    public byte[] takeOutgoing() {
        int n = netOut.position();
        if (n == 0) {
            return new byte[0];
        }
        byte[] out = new byte[n];
        netOut.flip();
        netOut.get(out);
        netOut.clear();
        if (netOut.capacity() > 4 * packetSize()) {
            netOut = ByteBuffer.allocate(packetSize()); // give back the memory of a large burst
        }
        return out;
    }

    // ------------------------------------------------------------------ handshake

    /**
     * Starts (on the first call) and advances the initial handshake.
     *
     * @return true once the handshake is complete; false while it needs more ciphertext from the peer
     * @throws SSLException if the handshake failed (an {@link SSLHandshakeException}, a certificate or
     *         hostname that did not verify, a fatal alert from the peer, or the peer closing mid-way)
     */
    public boolean doHandshake() throws SSLException {
        checkUsable();
        try {
            if (!handshakeBegun) {
                handshakeBegun = true;
                engine.beginHandshake();
            }
            return advanceHandshake();
        } catch (SSLException e) {
            throw broken(e);
        }
    }

    private boolean advanceHandshake() throws SSLException {
        HandshakeStatus hs = engine.getHandshakeStatus();
        while (!handshakeComplete) {
            settle(hs);
            if (handshakeComplete) {
                break;
            }
            hs = engine.getHandshakeStatus();
            if (engine.isInboundDone() || engine.isOutboundDone()) {
                throw new SSLHandshakeException("the TLS connection was closed during the handshake");
            }
            if (hs == HandshakeStatus.NOT_HANDSHAKING) {
                handshakeComplete = true;
            } else if (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                SSLEngineResult r = unwrap(appIn);
                if (r == null) {
                    return false;
                }
                if (r.getStatus() == Status.CLOSED) {
                    throw new SSLHandshakeException("the peer closed the TLS connection during the handshake");
                }
                hs = r.getHandshakeStatus();
            }
        }
        return true;
    }

    /** Whether the initial handshake has completed. */
    public boolean isHandshakeComplete() {
        return handshakeComplete;
    }

    /**
     * Asks for a new handshake on an established connection: on TLS 1.3 this sends a {@code KeyUpdate},
     * on TLS 1.2 it starts a renegotiation (the JDK's {@link SSLEngine#beginHandshake()} semantics).
     * Data keeps flowing; the messages it needs are exchanged inside later {@link #read} and
     * {@link #write} calls.
     *
     * @throws IllegalStateException if the initial handshake has not completed
     */
    public void renegotiate() throws SSLException {
        checkUsable();
        if (!handshakeComplete) {
            throw new IllegalStateException("renegotiate() before the initial TLS handshake completed");
        }
        try {
            engine.beginHandshake();
            settle(engine.getHandshakeStatus());
        } catch (SSLException e) {
            throw broken(e);
        }
    }

    // ------------------------------------------------------------------ application data

    /**
     * Moves decrypted plaintext into {@code dst}, decrypting as many received records as fit.
     *
     * @return the number of bytes put in {@code dst} (0: nothing more until the peer sends more, or
     *         {@code dst} is full), or {@link #EOF} once the peer's {@code close_notify} has been read
     *         and every byte before it has been returned
     * @throws SSLException if a record is corrupt or the peer sent a fatal alert
     */
    public int read(ByteBuffer dst) throws SSLException {
        checkUsable();
        try {
            return readInto(dst);
        } catch (SSLException e) {
            throw broken(e);
        }
    }

    private int readInto(ByteBuffer dst) throws SSLException {
        int n = 0;
        int idle = 0;
        while (dst.hasRemaining()) {
            if (appIn.position() > 0) {
                n += drainAppIn(dst);
                continue;
            }
            if (engine.isInboundDone()) {
                return n > 0 ? n : EOF;
            }
            boolean direct = dst.remaining() >= applicationSize();
            int before = dst.position();
            SSLEngineResult r = unwrap(direct ? dst : appIn);
            if (r == null) {
                break;
            }
            if (direct) {
                n += dst.position() - before;
            }
            settle(r.getHandshakeStatus());
            idle = r.bytesConsumed() == 0 && r.bytesProduced() == 0 ? idle + 1 : 0;
            if (idle > 1) {
                break;
            }
        }
        return n;
    }

    private int drainAppIn(ByteBuffer dst) {
        appIn.flip();
        int n = Math.min(appIn.remaining(), dst.remaining());
        if (n == appIn.remaining()) {
            dst.put(appIn);
        } else {
            int limit = appIn.limit();
            appIn.limit(appIn.position() + n);
            dst.put(appIn);
            appIn.limit(limit);
        }
        appIn.compact();
        return n;
    }

    /**
     * Encrypts plaintext from {@code src} into the outgoing ciphertext, advancing its position.
     *
     * @return the number of bytes consumed: all of them, except while a renegotiation waits for the
     *         peer's reply (then retry after more ciphertext has been {@link #feed fed} and read)
     * @throws SSLException if this side has already sent {@code close_notify}, or the engine failed
     */
    public int write(ByteBuffer src) throws SSLException {
        checkUsable();
        try {
            return writeFrom(src);
        } catch (SSLException e) {
            throw broken(e);
        }
    }

    private int writeFrom(ByteBuffer src) throws SSLException {
        int start = src.position();
        while (src.hasRemaining()) {
            if (engine.isOutboundDone() || shutdownBegun) {
                throw new SSLException("cannot write: this side of the TLS connection is closed");
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                break;
            }
            SSLEngineResult r = wrap(src);
            settle(r.getHandshakeStatus());
            if (r.getStatus() == Status.CLOSED) {
                throw new SSLException("cannot write: the TLS connection is closed");
            }
            if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                break;
            }
        }
        return src.position() - start;
    }

    // ------------------------------------------------------------------ closing

    /**
     * Closes the TLS layer: sends {@code close_notify} (on the first call), then reads and discards
     * incoming records until the peer's {@code close_notify}. Counterpart of {@code SSLObject.unwrap()}.
     *
     * @return true when both directions are closed; false while the peer's {@code close_notify} has not
     *         arrived (call again after {@link #feed})
     * @throws SSLException if the engine failed or the peer sent a fatal alert
     */
    public boolean shutdown() throws SSLException {
        checkUsable();
        try {
            if (!shutdownBegun) {
                shutdownBegun = true;
                engine.closeOutbound();
            }
            settle(engine.getHandshakeStatus());
            while (!engine.isOutboundDone()) {
                SSLEngineResult r = wrap(EMPTY);
                if (r.bytesProduced() == 0) {
                    break;
                }
            }
            int idle = 0;
            while (!engine.isInboundDone()) {
                appIn.clear(); // plaintext after our close_notify is discarded, as OpenSSL does
                SSLEngineResult r = unwrap(appIn);
                if (r == null) {
                    return false;
                }
                settle(r.getHandshakeStatus());
                idle = r.bytesConsumed() == 0 && r.bytesProduced() == 0 ? idle + 1 : 0;
                if (idle > 1) {
                    return engine.isInboundDone();
                }
            }
            appIn.clear();
            return true;
        } catch (SSLException e) {
            throw broken(e);
        }
    }

    /** Whether {@link #read} has nothing more to give, ever: the peer's {@code close_notify} came and all plaintext before it was read. */
    public boolean isAtEof() {
        return engine.isInboundDone() && appIn.position() == 0;
    }

    /** Whether the peer's {@code close_notify} has been received. */
    public boolean isCloseNotifyReceived() {
        return engine.isInboundDone();
    }

    /** Whether this side's {@code close_notify} has been produced (it may still wait in the outgoing ciphertext). */
    public boolean isCloseNotifySent() {
        return shutdownBegun && engine.isOutboundDone();
    }

    // ------------------------------------------------------------------ engine plumbing

    /**
     * Performs what the engine asks for without needing peer input: runs delegated tasks, wraps
     * handshake and alert records, notes the end of a handshake. Stops when it needs peer data.
     */
    private void settle(HandshakeStatus hs) throws SSLException {
        while (true) {
            switch (hs) {
                case FINISHED -> {
                    handshakeComplete = true;
                    hs = engine.getHandshakeStatus();
                }
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                    hs = engine.getHandshakeStatus();
                }
                case NEED_WRAP -> {
                    SSLEngineResult r = wrap(EMPTY);
                    if (r.bytesProduced() == 0 && r.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                        return; // nothing can go out any more (outbound closed)
                    }
                    hs = r.getHandshakeStatus();
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** Wraps from {@code src} into the outgoing buffer, growing it on overflow. */
    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        while (true) {
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() != Status.BUFFER_OVERFLOW) {
                if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                    handshakeComplete = true;
                }
                return r;
            }
            netOut = ensureRoom(netOut, Math.max(packetSize(), netOut.remaining() + 1));
        }
    }

    /**
     * Unwraps one record from the incoming buffer into {@code dst} (the caller's buffer or
     * {@link #appIn}), growing {@code appIn} on overflow and {@code netIn} on underflow.
     *
     * @return the result, or null if a whole record has not arrived yet
     */
    private SSLEngineResult unwrap(ByteBuffer dst) throws SSLException {
        ByteBuffer target = dst;
        while (true) {
            netIn.flip();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, target);
            } finally {
                netIn.compact();
            }
            switch (r.getStatus()) {
                case BUFFER_OVERFLOW -> {
                    if (target == appIn) {
                        appIn = ensureRoom(appIn, Math.max(applicationSize(), appIn.remaining() + 1));
                    }
                    target = appIn; // a caller's buffer that is too small: decrypt into ours instead
                }
                case BUFFER_UNDERFLOW -> {
                    netIn = ensureRoom(netIn, packetSize() - netIn.position());
                    return null;
                }
                default -> {
                    if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                        handshakeComplete = true;
                    }
                    return r;
                }
            }
        }
    }

    private int packetSize() {
        return engine.getSession().getPacketBufferSize();
    }

    private int applicationSize() {
        return engine.getSession().getApplicationBufferSize();
    }

    /** {@code buf} (write mode) or a larger copy of it with at least {@code room} bytes free. */
    private static ByteBuffer ensureRoom(ByteBuffer buf, int room) {
        if (buf.remaining() >= room) {
            return buf;
        }
        int capacity = Math.max(buf.capacity() * 2, buf.position() + room);
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        buf.flip();
        bigger.put(buf);
        return bigger;
    }

    private void checkUsable() throws SSLException {
        if (failure != null) {
            throw failure;
        }
    }

    /** Marks the pipe broken and lets the engine emit its alert for the peer, if it has one. */
    private SSLException broken(SSLException e) {
        failure = e;
        try {
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                if (wrap(EMPTY).bytesProduced() == 0) {
                    break;
                }
            }
        } catch (SSLException | RuntimeException alertFailed) {
            e.addSuppressed(alertFailed);
        }
        return e;
    }
}
