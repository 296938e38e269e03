package org.asyncio4j.internal.tls;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.asyncio4j.BaseEventLoop;
import org.asyncio4j.CancelledError;
import org.asyncio4j.ExceptionContext;
import org.asyncio4j.Future;
import org.asyncio4j.TimedOutException;
import org.asyncio4j.TimerHandle;
import org.asyncio4j.internal.Throwables;
import org.asyncio4j.streams.ConnectionResetException;
import org.asyncio4j.transports.BaseProtocol;
import org.asyncio4j.transports.BufferedProtocol;
import org.asyncio4j.transports.Protocol;
import org.asyncio4j.transports.Transport;
import org.asyncio4j.transports.WriteBufferLimits;

/**
 * TLS over a stream transport: the protocol a socket transport talks to, and (through
 * {@link #appTransport()}) the transport the application's protocol talks to. Counterpart of asyncio's
 * {@code sslproto.SSLProtocol}, with the same state machine:
 * {@code UNWRAPPED → DO_HANDSHAKE → WRAPPED → FLUSHING → SHUTDOWN → UNWRAPPED}.
 *
 * <p>What the application sees, as in asyncio:
 * <ul>
 * <li>{@code connectionMade} only once the handshake has succeeded (then the handshake waiter
 *     completes); a failed handshake fails the waiter and the application protocol hears nothing (after
 *     a {@code startTls} upgrade, whose protocol is connected already, it gets {@code connectionLost}
 *     with the failure, except after a handshake timeout, as in asyncio). The TLS alert that says why
 *     is sent to the peer before the connection is dropped (asyncio drops it unsent).</li>
 * <li>The handshake has {@code handshakeTimeout} seconds: after that the connection is aborted and the
 *     waiter fails with {@link TimedOutException} ("SSL handshake is taking longer than ..."). asyncio
 *     raises {@code ConnectionAbortedError} there; asyncio4j's timeout type says what happened.</li>
 * <li>{@code close()} flushes what was written, sends {@code close_notify}, waits (at most
 *     {@code shutdownTimeout} seconds, else the connection is aborted with
 *     {@code TimedOutException("SSL shutdown timed out")}) for the peer's, and closes the socket;
 *     {@code connectionLost(null)} follows.</li>
 * <li>The peer's {@code close_notify} calls {@code eofReceived()} and starts the same shutdown;
 *     returning true from {@code eofReceived()} has no effect (a warning is logged). The side that
 *     closed first also gets {@code eofReceived()} when the peer's answering {@code close_notify}
 *     arrives, as in asyncio.</li>
 * <li>A peer that closes the TCP connection without {@code close_notify}: during the handshake the
 *     handshake fails with {@link ConnectionResetException}; afterwards, exactly as in asyncio, the data
 *     already decrypted is delivered, then {@code eofReceived()} and {@code connectionLost(null)}: the
 *     missing {@code close_notify} is not reported as an error (asyncio does not, and many servers
 *     never send one). Protocols that must detect truncation frame their own messages.</li>
 * <li>{@code canWriteEof()} is false; {@code writeEof()} throws.</li>
 * <li>Write flow control counts the plaintext not yet encrypted plus the ciphertext not yet handed
 *     to the socket transport (which is held back while the socket transport has paused this
 *     protocol); the default high-water mark is asyncio's 512 KiB for TLS. Reading stops taking data
 *     from the socket once 256 KiB are received and not yet delivered (the application paused).</li>
 * </ul>
 *
 * <p>Client side: a non-empty {@code serverHostname} is sent as SNI (unless it is an IP address) and
 * the server's certificate must name it ({@code "HTTPS"} endpoint identification); {@code ""} skips
 * both, though the certificate chain is still verified by the context's trust managers; null is
 * rejected, as asyncio rejects a client without a server hostname.
 *
 * <p>Delegated TLS tasks (certificate checks, key agreement) run on the loop thread, as OpenSSL's do in
 * asyncio; see {@link SslPipe}. Everything here runs on the loop's thread.
 */
public final class SslProtocol implements BufferedProtocol {
    static final Logger LOG = System.getLogger("org.asyncio4j");
    /** asyncio's {@code FLOW_CONTROL_HIGH_WATER_SSL_READ}: received-but-undelivered bytes that pause the socket. */
    static final int READ_HIGH_WATER = 256 * 1024;
    static final int READ_LOW_WATER = READ_HIGH_WATER / 4;
    /** asyncio's {@code FLOW_CONTROL_HIGH_WATER_SSL_WRITE}. */
    static final int WRITE_HIGH_WATER = 512 * 1024;
    /** The room offered to each socket read. */
    private static final int RECEIVE_ROOM = 64 * 1024;
    private static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

    /** The TLS layer's state (asyncio's {@code SSLProtocolState}). */
    enum State { UNWRAPPED, DO_HANDSHAKE, WRAPPED, FLUSHING, SHUTDOWN }

    /** Where the application protocol is in its call sequence (asyncio's {@code AppProtocolState}). */
    enum AppState { INIT, CON_MADE, EOF, CON_LOST }

    private final BaseEventLoop loop;
    private final SSLContext context;
    private final boolean serverSide;
    private final String serverHostname;
    private final double handshakeTimeout;
    private final double shutdownTimeout;
    private final SslTransport appTransport;

    private Future<Void> waiter;
    private BaseProtocol appProtocol;
    /** {@link #appProtocol} as a BufferedProtocol, or null when it is a plain Protocol. */
    private BufferedProtocol appBuffered;
    /** The socket transport below, from connectionMade until connectionLost. */
    private Transport transport;
    private SslPipe pipe;
    private State state = State.UNWRAPPED;
    private AppState appState;

    /** Plaintext written by the application and not yet encrypted (a renegotiation, or before the handshake). */
    private final ArrayDeque<ByteBuffer> backlog = new ArrayDeque<>();
    private int backlogSize;
    private int connLost;
    private boolean eofReceived;
    private boolean sslWritingPaused;
    private boolean sslReadingPaused;
    private boolean appReadingPaused;
    private boolean appWritingPaused;
    private WriteBufferLimits writeLimits = new WriteBufferLimits(WRITE_HIGH_WATER / 4, WRITE_HIGH_WATER);
    private TimerHandle handshakeTimer;
    private TimerHandle shutdownTimer;
    /** Why this layer aborted the socket transport: what connectionLost reports (asyncio's _force_close(exc)). */
    private Throwable abortReason;
    private double handshakeStart;
    /** Snapshots taken when the handshake completed (asyncio's extra info). */
    private Object peerCert;
    private String cipher;
    private boolean handshakeDone;

    /**
     * A TLS layer that calls {@code appProtocol.connectionMade} once the handshake succeeds.
     *
     * @param loop the connection's loop
     * @param appProtocol the application's {@link Protocol} or {@link BufferedProtocol}
     * @param context the TLS context (client or server certificates and trust)
     * @param serverSide whether this end is the TLS server
     * @param serverHostname client side: the name sent as SNI and checked against the certificate, or
     *        {@code ""} to skip both; ignored on the server side
     * @param handshakeWaiter completed when the handshake succeeds, failed when it fails (may be null)
     * @param handshakeTimeoutSeconds seconds allowed for the handshake (asyncio's default: 60)
     * @param shutdownTimeoutSeconds seconds allowed for the closing handshake (asyncio's default: 30)
     * @throws IllegalArgumentException for a non-positive timeout, a protocol of another kind, or a
     *         client without {@code serverHostname}
     */
    public SslProtocol(BaseEventLoop loop, BaseProtocol appProtocol, SSLContext context, boolean serverSide,
                       String serverHostname, Future<Void> handshakeWaiter, double handshakeTimeoutSeconds,
                       double shutdownTimeoutSeconds) {
        this(loop, appProtocol, context, serverSide, serverHostname, handshakeWaiter, handshakeTimeoutSeconds,
                shutdownTimeoutSeconds, true);
    }

    /**
     * As the other constructor; with {@code callConnectionMade} false the application protocol is taken
     * to be connected already (an upgrade by {@code startTls}), so it gets no {@code connectionMade}.
     */
    public SslProtocol(BaseEventLoop loop, BaseProtocol appProtocol, SSLContext context, boolean serverSide,
                       String serverHostname, Future<Void> handshakeWaiter, double handshakeTimeoutSeconds,
                       double shutdownTimeoutSeconds, boolean callConnectionMade) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.context = Objects.requireNonNull(context, "context");
        if (!(handshakeTimeoutSeconds > 0)) {
            throw new IllegalArgumentException("sslHandshakeTimeout should be a positive number, got " + handshakeTimeoutSeconds);
        }
        if (!(shutdownTimeoutSeconds > 0)) {
            throw new IllegalArgumentException("sslShutdownTimeout should be a positive number, got " + shutdownTimeoutSeconds);
        }
        if (!serverSide && serverHostname == null) {
            throw new IllegalArgumentException("a TLS client needs serverHostname: the name sent as SNI and checked"
                    + " against the server's certificate (\"\" skips both; the chain is still verified)");
        }
        this.serverSide = serverSide;
        this.serverHostname = serverSide ? null : serverHostname;
        this.handshakeTimeout = handshakeTimeoutSeconds;
        this.shutdownTimeout = shutdownTimeoutSeconds;
        this.waiter = handshakeWaiter;
        setAppProtocol(appProtocol);
        this.appState = callConnectionMade ? AppState.INIT : AppState.CON_MADE;
        this.appTransport = new SslTransport(this);
    }

    /** The transport the application writes to; its protocol's connectionMade receives it. */
    public Transport appTransport() {
        return appTransport;
    }

    void setAppProtocol(BaseProtocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        if (protocol instanceof BufferedProtocol b) {
            appBuffered = b;
        } else if (protocol instanceof Protocol) {
            appBuffered = null;
        } else {
            throw new IllegalArgumentException("a TLS transport needs a Protocol or a BufferedProtocol, got " + protocol);
        }
        appProtocol = protocol;
    }

    BaseProtocol appProtocol() {
        return appProtocol;
    }

    // ------------------------------------------------------------------ the socket transport's callbacks

    @Override
    public void connectionMade(Transport socketTransport) {
        this.transport = socketTransport;
        try {
            pipe = new SslPipe(SslEngines.create(context, serverSide, serverHostname,
                    socketTransport.getExtraInfo("peername")));
        } catch (RuntimeException e) {
            setState(State.DO_HANDSHAKE);
            onHandshakeComplete(e);
            return;
        }
        startHandshake();
    }

    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        if (pipe == null) {
            return ByteBuffer.allocate(RECEIVE_ROOM); // nothing can arrive before connectionMade; never kept
        }
        return pipe.receiveBuffer(RECEIVE_ROOM);
    }

    @Override
    public void bufferUpdated(int nbytes) {
        switch (state) {
            case DO_HANDSHAKE -> doHandshake();
            case WRAPPED -> doRead();
            case FLUSHING -> doFlush();
            case SHUTDOWN -> doShutdown();
            case UNWRAPPED -> { } // after an abort: the bytes are dropped
        }
    }

    @Override
    public boolean eofReceived() {
        eofReceived = true;
        if (loop.getDebug()) {
            LOG.log(Level.DEBUG, () -> this + " received EOF");
        }
        try {
            switch (state) {
                case DO_HANDSHAKE -> onHandshakeComplete(
                        new ConnectionResetException("the peer closed the connection during the TLS handshake"));
                case WRAPPED -> {
                    setState(State.FLUSHING);
                    if (appReadingPaused) {
                        return true; // deliver the rest once the application resumes reading
                    }
                    doFlush();
                }
                case FLUSHING -> {
                    doWrite();
                    setState(State.SHUTDOWN);
                    doShutdown();
                }
                case SHUTDOWN -> doShutdown();
                case UNWRAPPED -> { }
            }
        } catch (SSLException e) {
            fatalError(e, "Fatal error on SSL protocol");
        } catch (RuntimeException e) {
            if (transport != null) {
                transport.close();
            }
            throw e;
        }
        return false;
    }

    @Override
    public void connectionLost(Throwable exc) {
        Throwable reason = exc != null ? exc : abortReason;
        backlog.clear();
        backlogSize = 0;
        if (pipe != null) {
            pipe.takeOutgoing();
        }
        connLost++;
        appTransport.markClosed();
        if (state != State.DO_HANDSHAKE && (appState == AppState.CON_MADE || appState == AppState.EOF)) {
            appState = AppState.CON_LOST;
            BaseProtocol app = appProtocol;
            loop.callSoon(() -> app.connectionLost(reason));
        }
        boolean handshaking = !handshakeDone;
        state = State.UNWRAPPED;
        transport = null;
        // a waiter must not succeed with a dead connection (asyncio would complete it with None here)
        wakeupWaiter(reason == null && handshaking
                ? new ConnectionResetException("the connection was lost during the TLS handshake") : reason);
        cancelTimers();
    }

    @Override
    public void pauseWriting() {
        sslWritingPaused = true;
    }

    @Override
    public void resumeWriting() {
        sslWritingPaused = false;
        processOutgoing();
    }

    // ------------------------------------------------------------------ state

    private void setState(State next) {
        boolean allowed = switch (next) {
            case UNWRAPPED -> true;
            case DO_HANDSHAKE -> state == State.UNWRAPPED;
            case WRAPPED -> state == State.DO_HANDSHAKE;
            case FLUSHING -> state == State.WRAPPED;
            case SHUTDOWN -> state == State.FLUSHING;
        };
        if (!allowed) {
            throw new AssertionError("TLS protocol cannot switch state from " + state + " to " + next);
        }
        state = next;
    }

    // ------------------------------------------------------------------ handshake

    private void startHandshake() {
        if (loop.getDebug()) {
            handshakeStart = loop.time();
            LOG.log(Level.DEBUG, () -> this + " starts SSL handshake");
        }
        setState(State.DO_HANDSHAKE);
        handshakeTimer = loop.callLater(handshakeTimeout, this::checkHandshakeTimeout);
        doHandshake();
    }

    private void checkHandshakeTimeout() {
        if (state == State.DO_HANDSHAKE) {
            fatalError(new TimedOutException("SSL handshake is taking longer than " + handshakeTimeout
                    + " seconds: aborting the connection"), "SSL handshake timed out");
        }
    }

    private void doHandshake() {
        boolean done;
        try {
            done = pipe.doHandshake();
        } catch (SSLException e) {
            processOutgoing(); // the alert that tells the peer why
            onHandshakeComplete(e);
            return;
        }
        processOutgoing();
        if (done) {
            onHandshakeComplete(null);
        }
    }

    private void onHandshakeComplete(Throwable exc) {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
        if (exc != null) {
            setState(State.UNWRAPPED);
            String message = exc.getCause() instanceof java.security.cert.CertificateException
                    ? "SSL handshake failed on verifying the certificate" : "SSL handshake failed";
            fatalError(exc, message);
            wakeupWaiter(exc);
            return;
        }
        setState(State.WRAPPED);
        handshakeDone = true;
        snapshotSession();
        if (loop.getDebug()) {
            double ms = (loop.time() - handshakeStart) * 1e3;
            LOG.log(Level.DEBUG, () -> String.format(java.util.Locale.ROOT, "%s: SSL handshake took %.1f ms", this, ms));
        }
        if (appState == AppState.INIT) {
            appState = AppState.CON_MADE;
            if (appBuffered != null) {
                appBuffered.connectionMade(appTransport);
            } else {
                ((Protocol) appProtocol).connectionMade(appTransport);
            }
        }
        wakeupWaiter(null);
        doRead();
    }

    private void snapshotSession() {
        javax.net.ssl.SSLSession session = pipe.engine().getSession();
        cipher = session.getCipherSuite();
        try {
            java.security.cert.Certificate[] chain = session.getPeerCertificates();
            peerCert = chain.length > 0 ? chain[0] : null;
        } catch (javax.net.ssl.SSLPeerUnverifiedException noCertificate) {
            peerCert = null;
        }
    }

    private void wakeupWaiter(Throwable exc) {
        Future<Void> w = waiter;
        if (w == null) {
            return;
        }
        waiter = null;
        if (!w.isDone()) {
            if (exc != null) {
                w.setException(exc);
            } else {
                w.setResult(null);
            }
        }
    }

    // ------------------------------------------------------------------ shutdown

    /** The application closed its transport: flush, send close_notify, wait for the peer's. */
    void startShutdown() {
        if (state == State.FLUSHING || state == State.SHUTDOWN || state == State.UNWRAPPED) {
            return;
        }
        appTransport.markClosed();
        if (state == State.DO_HANDSHAKE) {
            abort(null);
            return;
        }
        setState(State.FLUSHING);
        shutdownTimer = loop.callLater(shutdownTimeout, this::checkShutdownTimeout);
        doFlush();
    }

    private void checkShutdownTimeout() {
        if (state == State.FLUSHING || state == State.SHUTDOWN) {
            forceClose(new TimedOutException("SSL shutdown timed out"));
        }
    }

    private void doFlush() {
        doRead();
        if (state != State.FLUSHING) {
            return; // the application aborted while reading its last data
        }
        try {
            doWrite();
        } catch (SSLException e) {
            fatalError(e, "Fatal error on SSL protocol");
            return;
        }
        setState(State.SHUTDOWN);
        doShutdown();
    }

    private void doShutdown() {
        boolean done;
        try {
            done = eofReceived || pipe.shutdown();
        } catch (SSLException e) {
            processOutgoing();
            onShutdownComplete(e);
            return;
        }
        processOutgoing();
        if (done) {
            callEofReceived();
            onShutdownComplete(null);
        }
    }

    private void onShutdownComplete(Throwable exc) {
        if (shutdownTimer != null) {
            shutdownTimer.cancel();
            shutdownTimer = null;
        }
        if (exc != null) {
            fatalError(exc, "Fatal error on transport");
        } else {
            Transport t = transport;
            if (t != null) {
                loop.callSoon(t::close);
            }
        }
    }

    /** Closes at once, dropping buffered data (the application's abort(), or a failure). */
    void abort(Throwable exc) {
        setState(State.UNWRAPPED);
        if (exc != null) {
            forceClose(exc);
        } else if (transport != null) {
            transport.abort();
        }
    }

    private void cancelTimers() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
        if (shutdownTimer != null) {
            shutdownTimer.cancel();
            shutdownTimer = null;
        }
    }

    // ------------------------------------------------------------------ outgoing

    /** The application wrote {@code data}; asyncio's {@code _write_appdata}. */
    void writeAppData(ByteBuffer data) {
        if (state == State.FLUSHING || state == State.SHUTDOWN || state == State.UNWRAPPED) {
            if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
                LOG.log(Level.WARNING, "SSL connection is closed");
            }
            connLost++;
            data.position(data.limit());
            return;
        }
        try {
            if (state == State.WRAPPED && backlog.isEmpty()) {
                pipe.write(data); // encrypted at once, so nothing is copied
            }
            if (data.hasRemaining()) {
                ByteBuffer copy = ByteBuffer.allocate(data.remaining());
                copy.put(data).flip();
                backlog.add(copy);
                backlogSize += copy.remaining();
            }
            if (state == State.WRAPPED) {
                doWrite();
            }
        } catch (SSLException | RuntimeException e) {
            fatalError(e, "Fatal error on SSL protocol");
        }
    }

    private void doWrite() throws SSLException {
        while (!backlog.isEmpty()) {
            ByteBuffer b = backlog.peekFirst();
            backlogSize -= pipe.write(b);
            if (b.hasRemaining()) {
                break; // a renegotiation waits for the peer
            }
            backlog.pollFirst();
        }
        processOutgoing();
    }

    private void processOutgoing() {
        if (!sslWritingPaused && transport != null && pipe != null && pipe.outgoingPending() > 0) {
            transport.write(pipe.takeOutgoing());
        }
        controlAppWriting();
    }

    int writeBufferSize() {
        return backlogSize + (pipe == null ? 0 : pipe.outgoingPending());
    }

    WriteBufferLimits writeBufferLimits() {
        return writeLimits;
    }

    void setWriteBufferLimits(Integer high, Integer low) {
        int h = high != null ? high : (low == null ? WRITE_HIGH_WATER : 4 * low);
        int l = low != null ? low : h / 4;
        writeLimits = new WriteBufferLimits(l, h);
        controlAppWriting();
    }

    private void controlAppWriting() {
        int size = writeBufferSize();
        if (size > writeLimits.high() && !appWritingPaused) {
            appWritingPaused = true;
            try {
                appProtocol.pauseWriting();
            } catch (RuntimeException e) {
                loop.callExceptionHandler(ExceptionContext.of("protocol.pause_writing() failed (transport: "
                        + appTransport + ")", e));
            }
        } else if (size <= writeLimits.low() && appWritingPaused) {
            appWritingPaused = false;
            try {
                appProtocol.resumeWriting();
            } catch (RuntimeException e) {
                loop.callExceptionHandler(ExceptionContext.of("protocol.resume_writing() failed (transport: "
                        + appTransport + ")", e));
            }
        }
    }

    // ------------------------------------------------------------------ incoming

    private void doRead() {
        if (state != State.WRAPPED && state != State.FLUSHING) {
            return;
        }
        try {
            if (!appReadingPaused) {
                if (appBuffered != null) {
                    readBuffered();
                } else {
                    readCopied();
                }
                if (!backlog.isEmpty()) {
                    doWrite();
                } else {
                    processOutgoing();
                }
            }
            controlSslReading();
        } catch (SSLException | RuntimeException e) {
            fatalError(e, "Fatal error on SSL protocol");
        }
    }

    /** Delivers all the plaintext at hand in one array, as asyncio joins its chunks into one data_received. */
    private void readCopied() throws SSLException {
        int bound = pipe.readBufferSize(); // plaintext is never longer than its ciphertext
        if (bound > 0) {
            ByteBuffer dst = ByteBuffer.allocate(bound);
            int n = pipe.read(dst);
            if (n > 0) {
                ((Protocol) appProtocol).dataReceived(n == bound ? dst.array() : java.util.Arrays.copyOf(dst.array(), n));
            }
        }
        if (pipe.isAtEof()) {
            callEofReceived();
            startShutdown();
        }
    }

    private void readBuffered() throws SSLException {
        if (!pipe.isAtEof()) {
            int pending = pipe.readBufferSize();
            if (pending == 0) {
                return;
            }
            ByteBuffer buf = appBuffered.getBuffer(pending);
            if (buf == null || !buf.hasRemaining()) {
                throw new IllegalStateException("getBuffer() returned an empty buffer");
            }
            int wants = buf.remaining();
            int n = pipe.read(buf);
            if (n > 0) {
                appBuffered.bufferUpdated(n);
                if (n == wants) {
                    loop.callSoon(this::doRead); // the buffer was filled: more may be waiting
                    return;
                }
            }
            if (!pipe.isAtEof()) {
                return;
            }
        }
        callEofReceived();
        startShutdown();
    }

    private void callEofReceived() {
        if (appState != AppState.CON_MADE) {
            return;
        }
        appState = AppState.EOF;
        try {
            boolean keepOpen = appBuffered != null ? appBuffered.eofReceived() : ((Protocol) appProtocol).eofReceived();
            if (keepOpen) {
                LOG.log(Level.WARNING, "returning true from eofReceived() has no effect when using ssl");
            }
        } catch (RuntimeException e) {
            fatalError(e, "Error calling eof_received()");
        }
    }

    private void controlSslReading() {
        if (transport == null) {
            return;
        }
        int size = pipe.readBufferSize();
        if (size >= READ_HIGH_WATER && !sslReadingPaused) {
            sslReadingPaused = true;
            transport.pauseReading();
        } else if (size <= READ_LOW_WATER && sslReadingPaused) {
            sslReadingPaused = false;
            transport.resumeReading();
        }
    }

    boolean isAppReading() {
        return !appReadingPaused;
    }

    void pauseAppReading() {
        appReadingPaused = true;
    }

    void resumeAppReading() {
        if (!appReadingPaused) {
            return;
        }
        appReadingPaused = false;
        loop.callSoon(() -> {
            switch (state) {
                case WRAPPED -> doRead();
                case FLUSHING -> doFlush();
                case SHUTDOWN -> doShutdown();
                default -> { }
            }
        });
    }

    // ------------------------------------------------------------------ failures and info

    /**
     * Aborts the connection with {@code exc} as the reason the application will see, and reports it:
     * I/O and TLS errors and timeouts at debug level (they are the connection's fate, not bugs), anything
     * else to the loop's exception handler. asyncio's {@code _fatal_error}.
     */
    private void fatalError(Throwable exc, String message) {
        if (Throwables.isFatal(exc)) {
            throw (Error) exc;
        }
        forceClose(exc);
        if (exc instanceof IOException || exc instanceof TimedOutException) {
            if (loop.getDebug()) {
                LOG.log(Level.DEBUG, () -> this + ": " + message, exc);
            }
        } else if (!(exc instanceof CancelledError)) {
            loop.callExceptionHandler(ExceptionContext.of(message + " (protocol: " + this + ")", exc));
        }
    }

    private void forceClose(Throwable exc) {
        if (abortReason == null) {
            abortReason = exc;
        }
        appTransport.markClosed();
        if (transport != null) {
            transport.abort();
        }
    }

    Object extraInfo(String name, Object defaultValue) {
        if (name.equals("sslcontext")) {
            return context;
        }
        if (handshakeDone && pipe != null) {
            switch (name) {
                case "ssl_object" -> { return pipe.engine(); }
                case "ssl_session" -> { return pipe.engine().getSession(); }
                case "peercert" -> { return peerCert != null ? peerCert : defaultValue; }
                case "cipher" -> { return cipher; }
                default -> { }
            }
        }
        Transport t = transport;
        return t != null ? t.getExtraInfo(name, defaultValue) : defaultValue;
    }

    @Override
    public String toString() {
        return "<SslProtocol " + (serverSide ? "server" : "client") + " state=" + state + " app=" + appState + ">";
    }
}
