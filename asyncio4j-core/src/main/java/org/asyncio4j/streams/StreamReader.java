package org.asyncio4j.streams;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.asyncio4j.Asyncio;
import org.asyncio4j.Future;
import org.asyncio4j.internal.Throwables;
import org.asyncio4j.internal.net.IoAwait;
import org.asyncio4j.transports.ReadTransport;

/**
 * A buffer of received bytes that coroutines read from: counterpart of {@code asyncio.StreamReader}.
 * A connection's protocol feeds it ({@link #feedData}, {@link #feedEof}, {@link #setException}); one
 * coroutine at a time reads from it.
 *
 * <p>Reads suspend the calling coroutine until enough data (or the end of the stream) has arrived. They
 * throw {@link IOException}s: the connection's failure, {@link IncompleteReadException} when the stream
 * ends too early, {@link LimitOverrunException} when a separator is too far. Cancellation: a cancelled
 * read consumes nothing; the data stays in the buffer for the next read.
 *
 * <p>Flow control: when more than twice {@code limit} bytes are buffered, the reader pauses its
 * transport; it resumes it once the buffer is down to {@code limit}, or when a read must wait.
 *
 * <p>Not thread-safe: use it on its loop's thread.
 */
public final class StreamReader {
    /** asyncio's default limit: 64 KiB. */
    public static final int DEFAULT_LIMIT = 64 * 1024;
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] NEWLINE = {'\n'};

    private final int limit;
    /** The buffered bytes are {@code buf[start, end)}. */
    private byte[] buf = EMPTY;
    private int start;
    private int end;
    /** Whether {@code buf} is an array handed to {@link #feedData} (never written to). */
    private boolean borrowed;
    private boolean eof;
    private Future<Void> waiter;
    private Throwable exception;
    private ReadTransport transport;
    private boolean paused;

    /** A reader with the default limit (64 KiB). */
    public StreamReader() {
        this(DEFAULT_LIMIT);
    }

    /**
     * A reader whose line and separator reads accept at most {@code limit} bytes before the separator.
     *
     * @throws IllegalArgumentException if {@code limit <= 0}
     */
    public StreamReader(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        this.limit = limit;
    }

    /** The limit given at construction. */
    public int limit() {
        return limit;
    }

    // ------------------------------------------------------------------ the protocol side

    /** The failure set by {@link #setException}, or null. */
    public Throwable exception() {
        return exception;
    }

    /** Makes every later read throw {@code exc}, and wakes a waiting read with it. */
    public void setException(Throwable exc) {
        exception = java.util.Objects.requireNonNull(exc, "exc");
        Future<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.isCancelled()) {
                w.setException(exc);
            }
        }
    }

    /**
     * Sets the transport the reader pauses and resumes for flow control.
     *
     * @throws IllegalStateException if one is already set
     */
    public void setTransport(ReadTransport transport) {
        if (this.transport != null) {
            throw new IllegalStateException("Transport already set");
        }
        this.transport = transport;
    }

    /** Marks the end of the stream and wakes a waiting read. */
    public void feedEof() {
        eof = true;
        wakeUpWaiter();
    }

    /** Whether the end of the stream was fed and every byte has been read. */
    public boolean atEof() {
        return eof && start == end;
    }

    /**
     * Appends {@code data} to the buffer and wakes a waiting read; empty data is ignored. The reader may
     * keep the array itself rather than a copy: do not modify it afterwards.
     *
     * @throws IllegalStateException after {@link #feedEof()}
     */
    public void feedData(byte[] data) {
        if (eof) {
            throw new IllegalStateException("feedData after feedEof");
        }
        if (data.length == 0) {
            return;
        }
        append(data);
        wakeUpWaiter();
        if (transport != null && !paused && end - start > 2L * limit) {
            try {
                transport.pauseReading();
                paused = true;
            } catch (UnsupportedOperationException cannotPause) {
                transport = null; // buffer everything from now on
            }
        }
    }

    private void wakeUpWaiter() {
        Future<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.isCancelled()) {
                w.setResult(null);
            }
        }
    }

    private void maybeResumeTransport() {
        if (paused && end - start <= limit) {
            paused = false;
            transport.resumeReading();
        }
    }

    /** Suspends until data or the end of the stream arrives, resuming a paused transport first. */
    private void waitForData(String function) throws IOException {
        if (waiter != null) {
            throw new IllegalStateException(function
                    + "() called while another coroutine is already waiting for incoming data");
        }
        if (eof) {
            throw new AssertionError("waitForData after EOF");
        }
        if (paused) {
            // Waiting while paused would deadlock, e.g. readExactly(n) with n > limit.
            paused = false;
            transport.resumeReading();
        }
        Future<Void> w = Asyncio.getRunningLoop().createFuture();
        waiter = w;
        try {
            IoAwait.await(w);
        } finally {
            if (waiter == w) {
                waiter = null;
            }
        }
    }

    private void throwIfFailed() throws IOException {
        Throwable e = exception;
        if (e != null) {
            if (e instanceof IOException io) {
                throw io;
            }
            throw Throwables.rethrow(e);
        }
    }

    // ------------------------------------------------------------------ reads

    /**
     * Reads up to {@code n} bytes: suspends until at least one byte (or the end of the stream) is there.
     * {@code n == 0} returns an empty array at once; {@code n < 0} reads until the end of the stream.
     * The result is not bounded by the limit. Returns an empty array at the end of the stream.
     */
    public byte[] read(int n) throws IOException {
        throwIfFailed();
        if (n == 0) {
            return EMPTY;
        }
        if (n < 0) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (true) {
                byte[] block = read(limit);
                if (block.length == 0) {
                    return all.toByteArray();
                }
                all.writeBytes(block);
            }
        }
        if (start == end && !eof) {
            waitForData("read");
        }
        byte[] data = take(Math.min(n, end - start));
        maybeResumeTransport();
        return data;
    }

    /** Reads until the end of the stream ({@code read(-1)}). */
    public byte[] read() throws IOException {
        return read(-1);
    }

    /**
     * Reads a line, ending with {@code \n}. At the end of the stream returns the partial last line
     * (empty when nothing is left).
     *
     * @throws IllegalArgumentException (asyncio's ValueError) if the line without its newline is longer
     *         than the limit; the line, or the whole buffer if its end was not found, is discarded. The
     *         cause is the {@link LimitOverrunException} whose message says which case happened.
     */
    public byte[] readLine() throws IOException {
        try {
            return readUntil(NEWLINE);
        } catch (IncompleteReadException e) {
            return e.partial();
        } catch (LimitOverrunException e) {
            if (startsWithAt(NEWLINE, e.consumed())) {
                start += e.consumed() + NEWLINE.length;
            } else {
                start = end;
            }
            resetIfEmpty();
            maybeResumeTransport();
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Reads up to and including {@code separator}.
     *
     * @throws IncompleteReadException if the stream ends first (its partial bytes are all that was
     *         buffered, now consumed)
     * @throws LimitOverrunException if the separator is not within the limit; nothing is consumed
     * @throws IllegalArgumentException if the separator is empty
     */
    public byte[] readUntil(byte[] separator) throws IOException {
        return readUntil(new byte[][] {separator});
    }

    /**
     * Reads up to and including the first of {@code separators} to end in the stream (the shortest
     * result wins; asyncio 3.13's tuple of separators). Throws as {@link #readUntil(byte[])}; with
     * several separators the limit is checked against the one that matched.
     *
     * @throws IllegalArgumentException if there are no separators or one is empty
     */
    public byte[] readUntil(byte[]... separators) throws IOException {
        if (separators.length == 0) {
            throw new IllegalArgumentException("Separator should contain at least one element");
        }
        byte[][] seps = separators.clone();
        Arrays.sort(seps, (a, b) -> Integer.compare(a.length, b.length));
        int minLen = seps[0].length;
        int maxLen = seps[seps.length - 1].length;
        if (minLen == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
        }
        throwIfFailed();
        int offset = 0;
        int matchStart;
        int matchEnd;
        while (true) {
            int buflen = end - start;
            if (buflen - offset >= minLen) {
                matchStart = -1;
                matchEnd = -1;
                for (byte[] sep : seps) {
                    int i = indexOf(sep, offset);
                    if (i >= 0 && (matchEnd < 0 || i + sep.length < matchEnd)) {
                        matchStart = i;
                        matchEnd = i + sep.length;
                    }
                }
                if (matchEnd >= 0) {
                    break;
                }
                offset = Math.max(0, buflen + 1 - maxLen);
                if (offset > limit) {
                    throw new LimitOverrunException("Separator is not found, and chunk exceed the limit", offset);
                }
            }
            // A complete match may have arrived with the end of the stream: look before checking eof.
            if (eof) {
                byte[] chunk = take(end - start);
                throw new IncompleteReadException(chunk, null);
            }
            waitForData("readuntil");
        }
        if (matchStart > limit) {
            throw new LimitOverrunException("Separator is found, but chunk is longer than limit", matchStart);
        }
        byte[] chunk = take(matchEnd);
        maybeResumeTransport();
        return chunk;
    }

    /**
     * Reads exactly {@code n} bytes (not bounded by the limit).
     *
     * @throws IncompleteReadException if the stream ends first (with what was buffered, now consumed)
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public byte[] readExactly(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("readexactly size can not be less than zero");
        }
        throwIfFailed();
        if (n == 0) {
            return EMPTY;
        }
        while (end - start < n) {
            if (eof) {
                byte[] incomplete = take(end - start);
                throw new IncompleteReadException(incomplete, n);
            }
            waitForData("readexactly");
        }
        byte[] data = take(n);
        maybeResumeTransport();
        return data;
    }

    /**
     * The lines of the stream, read as {@link #readLine()} does until it returns an empty array
     * (asyncio's {@code async for line in reader}). Iterating suspends; an I/O failure arrives as an
     * {@link java.io.UncheckedIOException}.
     */
    public Iterable<byte[]> lines() {
        return () -> new java.util.Iterator<>() {
            private byte[] next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = readLine();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return next.length > 0;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException("end of stream");
                }
                byte[] line = next;
                next = null;
                return line;
            }
        };
    }

    // ------------------------------------------------------------------ the buffer

    /** The number of buffered bytes. */
    int buffered() {
        return end - start;
    }

    private void append(byte[] data) {
        int size = end - start;
        if (size == 0) {
            buf = data; // lend the array: the common case of one chunk read at once costs no copy
            start = 0;
            end = data.length;
            borrowed = true;
            return;
        }
        int needed = size + data.length;
        if (borrowed || needed > buf.length) {
            byte[] bigger = new byte[(int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8, 2L * buf.length))];
            System.arraycopy(buf, start, bigger, 0, size);
            buf = bigger;
            start = 0;
            end = size;
            borrowed = false;
        } else if (end + data.length > buf.length) {
            System.arraycopy(buf, start, buf, 0, size);
            start = 0;
            end = size;
        }
        System.arraycopy(data, 0, buf, end, data.length);
        end += data.length;
    }

    /** Removes and returns the first {@code n} buffered bytes. */
    private byte[] take(int n) {
        byte[] out;
        if (start == 0 && n == buf.length) {
            out = buf; // the whole array: hand it over instead of copying
            buf = EMPTY;
            start = 0;
            end = 0;
            borrowed = false;
            return out;
        }
        out = Arrays.copyOfRange(buf, start, start + n);
        start += n;
        resetIfEmpty();
        return out;
    }

    private void resetIfEmpty() {
        if (start == end) {
            start = 0;
            end = 0;
            if (borrowed) {
                buf = EMPTY;
                borrowed = false;
            }
        }
    }

    private int indexOf(byte[] sep, int from) {
        byte first = sep[0];
        int last = end - sep.length;
        outer:
        for (int i = start + from; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < sep.length; j++) {
                if (buf[i + j] != sep[j]) {
                    continue outer;
                }
            }
            return i - start;
        }
        return -1;
    }

    private boolean startsWithAt(byte[] sep, int at) {
        if (end - start - at < sep.length) {
            return false;
        }
        return Arrays.equals(buf, start + at, start + at + sep.length, sep, 0, sep.length);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<StreamReader");
        if (end > start) {
            sb.append(' ').append(end - start).append(" bytes");
        }
        if (eof) {
            sb.append(" eof");
        }
        if (limit != DEFAULT_LIMIT) {
            sb.append(" limit=").append(limit);
        }
        if (waiter != null) {
            sb.append(" waiter=").append(waiter);
        }
        if (exception != null) {
            sb.append(" exception=").append(exception);
        }
        if (transport != null) {
            sb.append(" transport=").append(transport);
        }
        if (paused) {
            sb.append(" paused");
        }
        return sb.append('>').toString();
    }
}
