package org.asyncio4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Helpers shared by the conformance tests (CPython's test_utils counterparts). */
final class Support {
    private Support() {}

    /** CPython's {@code run_briefly}: runs a no-op task to completion (one or two iterations). */
    static void runBriefly(EventLoop loop) {
        loop.runUntilComplete(loop.createTask(() -> null));
    }

    /** Runs exactly one iteration of a loop that is not running ({@code stop(); runForever()}). */
    static void runOnce(EventLoop loop) {
        loop.stop();
        loop.runForever();
    }

    /** {@code await sleep(0)} as a coroutine: one loop iteration. */
    static Coroutine<Void> yield0() {
        return () -> {
            Asyncio.sleep(0);
            return null;
        };
    }

    /**
     * Runs garbage collections (at most {@code rounds}, each followed by {@code between}) until
     * {@code done} holds; returns whether it did. For tests of GC-triggered reports.
     */
    static boolean gcUntil(BooleanSupplier done, int rounds, Runnable between) {
        for (int i = 0; i < rounds && !done.getAsBoolean(); i++) {
            System.gc();
            between.run();
        }
        return done.getAsBoolean();
    }

    /** Records what asyncio4j logs (its System.Logger "org.asyncio4j" goes to java.util.logging). */
    static final class LogCapture implements AutoCloseable {
        private final Logger logger = Logger.getLogger("org.asyncio4j");
        private final boolean useParent = logger.getUseParentHandlers();
        final List<LogRecord> records = new ArrayList<>();
        private final Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (records) {
                    records.add(r);
                    records.notifyAll();
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };

        LogCapture() {
            logger.addHandler(handler);
            logger.setUseParentHandlers(false);
        }

        List<LogRecord> at(Level level) {
            synchronized (records) {
                return records.stream().filter(r -> r.getLevel().equals(level)).toList();
            }
        }

        LogRecord single(Level level, String messagePart) {
            List<LogRecord> found = at(level).stream().filter(r -> r.getMessage().contains(messagePart)).toList();
            assertTrue(found.size() == 1, "expected one " + level + " log containing '" + messagePart + "', got "
                    + at(level).stream().map(LogRecord::getMessage).toList());
            return found.get(0);
        }

        /** Waits (at most {@code timeoutMillis}) for a record at {@code level} containing {@code part}. */
        LogRecord await(Level level, String part, long timeoutMillis) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
            synchronized (records) {
                while (true) {
                    for (LogRecord r : records) {
                        if (r.getLevel().equals(level) && r.getMessage().contains(part)) {
                            return r;
                        }
                    }
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        throw new AssertionError("no " + level + " log containing '" + part + "' within " + timeoutMillis + " ms");
                    }
                    records.wait(left);
                }
            }
        }

        @Override
        public void close() {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(useParent);
        }
    }

    /**
     * A loop recording every poll timeout (CPython's mocked selector); its clock only moves when the test
     * sets it, or when a poll would wait (it then jumps by the poll timeout).
     */
    static final class ManualClockLoop extends BaseEventLoop {
        double now;
        final List<Long> pollTimeouts = new ArrayList<>();
        final List<TimerHandle> timersMade = new ArrayList<>();

        @Override
        public double time() {
            return now;
        }

        @Override
        protected void pollIo(long timeoutNanos) {
            pollTimeouts.add(timeoutNanos);
            super.pollIo(0);
            if (timeoutNanos > 0) {
                now += timeoutNanos / 1e9;
            }
        }

        @Override
        public TimerHandle callAt(double when, Runnable callback) {
            TimerHandle h = super.callAt(when, callback);
            timersMade.add(h);
            return h;
        }
    }
}
