package org.asyncio4j.internal.poll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/** A {@link Poller} on {@link Selector} (epoll on Linux). */
public final class SelectorPoller implements Poller {
    private static final long NANOS_PER_MILLI = 1_000_000L;
    /**
     * While callbacks are ready the loop asks for a non-blocking poll every iteration; a system call
     * each time would dominate short iterations, so such polls happen at most this often (I/O then
     * waits at most this long behind ready callbacks; a blocking poll is never skipped).
     */
    private static final long BUSY_POLL_INTERVAL_NANOS = 20_000L;

    private final Selector selector;
    /** Channels watched for at least one operation. */
    private int interested;
    /** Whether handlers are being called from inside a select (which cannot be re-entered). */
    private boolean dispatching;
    /** When the last select returned. */
    private long lastSelectNanos;
    /** A deregistration is waiting for the next select: do not skip it. */
    private boolean selectPending;
    private final java.util.function.Consumer<SelectionKey> dispatcher = this::dispatch;

    public SelectorPoller() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a java.nio Selector for the event loop", e);
        }
    }

    @Override
    public int poll(long timeoutNanos) throws IOException {
        if (timeoutNanos == 0 && !selectPending
                && (selector.keys().isEmpty() || System.nanoTime() - lastSelectNanos < BUSY_POLL_INTERVAL_NANOS)) {
            return 0;
        }
        selectPending = false;
        int n;
        // A pending interrupt makes every select return at once, and the loop would spin. The loop does
        // not stop on an interrupt, nor swallow it: the status is cleared for the wait and set again.
        boolean interrupted = Thread.interrupted();
        dispatching = true;
        try {
            n = select(timeoutNanos);
        } finally {
            dispatching = false;
            lastSelectNanos = System.nanoTime();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return n;
    }

    private int select(long timeoutNanos) throws IOException {
        int n;
        if (timeoutNanos == 0) {
            n = selector.selectNow(dispatcher);
        } else if (timeoutNanos < 0) {
            n = selector.select(dispatcher);
        } else {
            // epoll works in milliseconds: round up so that a timer is never woken early.
            long millis = (timeoutNanos + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;
            n = selector.select(dispatcher, millis);
        }
        return n;
    }

    private void dispatch(SelectionKey key) {
        int ops;
        try {
            ops = key.readyOps();
        } catch (CancelledKeyException e) {
            return;
        }
        ((IoHandler) key.attachment()).ready(ops);
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void register(SelectableChannel channel, int interestOps, IoHandler handler) throws IOException {
        SelectionKey key = channel.keyFor(selector);
        int before = key == null || !key.isValid() ? 0 : key.interestOps();
        if (key == null || !key.isValid()) {
            if (key != null) {
                selector.selectNow(); // flush the cancelled key before registering again
            }
            channel.register(selector, interestOps, handler);
        } else {
            key.interestOps(interestOps);
            key.attach(handler);
        }
        interested += (interestOps != 0 ? 1 : 0) - (before != 0 ? 1 : 0);
    }

    @Override
    public boolean unregister(SelectableChannel channel) {
        SelectionKey key = channel.keyFor(selector);
        if (key == null || !key.isValid()) {
            return false;
        }
        if (key.interestOps() != 0) {
            interested--;
        }
        key.cancel();
        return true;
    }

    @Override
    public void closeChannel(SelectableChannel channel) throws IOException {
        boolean registered = unregister(channel) || channel.isRegistered();
        channel.close();
        if (registered && !dispatching) {
            selector.selectNow(); // deregisters the cancelled key, which completes the close
            selector.selectedKeys().clear(); // readiness seen here is reported again by the next poll
        } else if (registered) {
            selectPending = true;
        }
    }

    @Override
    public int interestOps(SelectableChannel channel) {
        SelectionKey key = channel.keyFor(selector);
        return key == null || !key.isValid() ? 0 : key.interestOps();
    }

    @Override
    public IoHandler handlerOf(SelectableChannel channel) {
        SelectionKey key = channel.keyFor(selector);
        return key == null || !key.isValid() ? null : (IoHandler) key.attachment();
    }

    @Override
    public boolean hasInterest() {
        return interested > 0;
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
