package org.asyncio4j.sync;

import static org.asyncio4j.Asyncio.currentTask;
import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.Asyncio.sleep;

import org.asyncio4j.AsyncRunnable;
import org.asyncio4j.Asyncio;
import org.asyncio4j.CancelledError;
import org.asyncio4j.Coroutine;
import org.asyncio4j.Task;
import org.asyncio4j.TimedOutException;
import org.asyncio4j.TimerHandle;
import org.asyncio4j.testing.VirtualTimeLoop;

/** Helpers shared by the tests of the sync and queues packages: running on virtual time, ticks, timeouts. */
public final class SyncTesting {
    private SyncTesting() {}

    /** Virtual seconds after which an idle loop counts as deadlocked (no test sleeps this long). */
    static final double WATCHDOG_SECONDS = 1e6;
    private static final String DEADLOCK = "watchdog: the virtual clock reached the deadlock deadline";

    /**
     * Runs {@code body} as the main coroutine of a fresh {@link VirtualTimeLoop}; returns its result.
     *
     * <p>A watchdog turns a deadlock into a failure: when everything waits forever the virtual clock jumps
     * to the watchdog's timer, which cancels the main task (again every {@link #WATCHDOG_SECONDS}), and
     * the run then fails with an AssertionError whatever the body did with the cancellation.
     */
    public static <T> T runVirtual(Coroutine<T> body) {
        boolean[] fired = {false};
        T result;
        try {
            result = Asyncio.run(() -> {
                Task<?> main = currentTask();
                TimerHandle[] guard = new TimerHandle[1];
                Runnable[] bark = new Runnable[1];
                bark[0] = () -> {
                    fired[0] = true;
                    main.cancel(DEADLOCK);
                    guard[0] = getRunningLoop().callLater(WATCHDOG_SECONDS, bark[0]);
                };
                guard[0] = getRunningLoop().callLater(WATCHDOG_SECONDS, bark[0]);
                try {
                    return body.await();
                } finally {
                    guard[0].cancel();
                }
            }, VirtualTimeLoop::create);
        } catch (RuntimeException | Error e) {
            if (fired[0]) {
                throw new AssertionError("deadlock: every task waited forever (" + DEADLOCK + ")", e);
            }
            throw e;
        }
        if (fired[0]) {
            throw new AssertionError("deadlock: every task waited forever (" + DEADLOCK + ")");
        }
        return result;
    }

    /** {@link #runVirtual(Coroutine)} for a body without a result. */
    public static void runVirtual(AsyncRunnable body) {
        runVirtual(body.asCoroutine());
    }

    /** One loop iteration for the calling coroutine ({@code await asyncio.sleep(0)}). */
    public static void tick() {
        sleep(0);
    }

    /** {@code n} loop iterations. */
    public static void ticks(int n) {
        for (int i = 0; i < n; i++) {
            sleep(0);
        }
    }

    /**
     * Runs {@code body} in the calling task and cancels it after {@code seconds}, turning that cancellation
     * into {@link TimedOutException}: a minimal {@code asyncio.timeout()} for tests.
     */
    public static <T> T withTimeout(double seconds, Coroutine<T> body) {
        Task<?> task = currentTask();
        boolean[] fired = {false};
        TimerHandle timer = getRunningLoop().callLater(seconds, () -> {
            fired[0] = true;
            task.cancel();
        });
        try {
            return body.await();
        } catch (CancelledError e) {
            if (fired[0] && task.uncancel() == 0) {
                throw new TimedOutException("timed out after " + seconds + " s", e);
            }
            throw e;
        } finally {
            timer.cancel();
        }
    }

    /** {@link #withTimeout(double, Coroutine)} for a body without a result. */
    public static void withTimeout(double seconds, AsyncRunnable body) {
        withTimeout(seconds, body.asCoroutine());
    }

    /**
     * Asserts that {@code op} allocates nothing on the heap once warmed up: 100,000 runs must allocate less
     * than one byte per run on average (a single object per run would be at least 16). Skipped where the JVM
     * does not count allocations per thread.
     */
    public static void assertAllocatesNothing(String what, Runnable op) {
        int runs = 100_000;
        for (int i = 0; i < 20_000; i++) { // warm up, let the JIT compile
            op.run();
        }
        allocatedBytes(); // warm up the counter's own reflective path
        long before = allocatedBytes();
        org.junit.jupiter.api.Assumptions.assumeTrue(before >= 0, "no per-thread allocation counter");
        for (int i = 0; i < runs; i++) {
            op.run();
        }
        long allocated = allocatedBytes() - before;
        org.junit.jupiter.api.Assertions.assertTrue(allocated < runs,
                runs + " runs of " + what + " allocated " + allocated + " bytes");
    }

    /**
     * Bytes allocated so far by the calling thread, or -1 where the JVM does not count them. Reflective,
     * because the tests are compiled into the library's module, which does not read java.management.
     */
    private static long allocatedBytes() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
            return (long) type.getMethod("getCurrentThreadAllocatedBytes").invoke(bean);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }
}
