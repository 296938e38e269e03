package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.asyncio4j.internal.engine.Engines;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engines: which one runs, deep stacks, and suspensions the JVM cannot (or must not) make. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EngineTest {
    private final VirtualTimeLoop loop = VirtualTimeLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static boolean continuationEngine() {
        return Task.ENGINE.name().equals("continuation");
    }

    @Test
    void theEngineInUseIsTheOneRequested() {
        // CI runs the suite twice, with -Dasyncio4j.engine=continuation and =portable: this proves that
        // the property reaches the test JVM and that each run covers the engine it names.
        String wanted = System.getProperty("asyncio4j.engine", "auto");
        String expected = switch (wanted) {
            case "continuation", "portable" -> wanted;
            default -> Engines.continuationsAvailable() ? "continuation" : "portable";
        };
        assertEquals(expected, Task.ENGINE.name());
        assertSame(Task.ENGINE, Engines.get());
    }

    @Test
    void coroutinesRunOnTheLoopThreadOnlyOnTheContinuationEngine() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Thread[] loopThread = new Thread[1];
        loop.callSoon(() -> loopThread[0] = Thread.currentThread());
        loop.runUntilComplete(() -> gather(
                createTask(() -> {
                    threads.add(Thread.currentThread());
                    sleep(0);
                    threads.add(Thread.currentThread());
                }),
                createTask(() -> {
                    threads.add(Thread.currentThread());
                    sleep(0);
                    threads.add(Thread.currentThread());
                })).await());
        if (continuationEngine()) {
            assertEquals(Set.of(loopThread[0]), threads, "every coroutine runs on the loop's own thread");
        } else {
            assertEquals(2, threads.size(), "one virtual thread per task");
            assertTrue(threads.stream().allMatch(Thread::isVirtual));
            assertFalse(threads.contains(loopThread[0]));
        }
    }

    private static int recurse(int depth) {
        return depth == 0 ? 0 : 1 + recurse(depth - 1);
    }

    private static int recurseAndSuspendAtTheBottom(int depth) {
        if (depth == 0) {
            sleep(0.001);
            return 0;
        }
        return 1 + recurseAndSuspendAtTheBottom(depth - 1);
    }

    @Test
    void deepRecursionInsideACoroutineWorks() {
        assertEquals(10_000, loop.runUntilComplete(() -> recurse(10_000)));
        assertEquals(List.of(10_000, 10_000), loop.runUntilComplete(() -> gather(
                createTask(() -> recurseAndSuspendAtTheBottom(10_000)),
                createTask(() -> recurseAndSuspendAtTheBottom(10_000))).await()));
    }

    private static int unbounded(int depth) {
        return unbounded(depth + 1) + 1;
    }

    @Test
    void aStackOverflowInsideATaskBecomesItsExceptionAndTheLoopCarriesOn() {
        List<String> log = new ArrayList<>();
        Task<Integer> overflowing = loop.createTask(() -> unbounded(0));
        Task<String> sibling = loop.createTask(() -> {
            sleep(0);
            log.add("sibling ran");
            return "ok";
        });
        assertThrows(StackOverflowError.class, () -> loop.runUntilComplete(overflowing));
        assertInstanceOf(StackOverflowError.class, overflowing.exception());
        assertEquals("ok", loop.runUntilComplete(sibling));
        assertEquals(List.of("sibling ran"), log);
        assertEquals(7, loop.runUntilComplete(() -> sleep(0.5, 7)), "the loop is still usable");
    }

    @Test
    void closingALoopReleasesTheStacksOfItsSuspendedTasks() {
        // Both engines must let an abandoned coroutine be collected. (The portable engine's virtual
        // threads are tracked by the JDK while they live, so a parked one is never collected.)
        java.lang.ref.WeakReference<Object> payload = startTasksThatNeverResume();
        assertTrue(Support.gcUntil(() -> payload.get() == null, 20, () -> {}),
                "a coroutine suspended in a closed loop still holds its stack");
    }

    private static java.lang.ref.WeakReference<Object> startTasksThatNeverResume() {
        VirtualTimeLoop closing = VirtualTimeLoop.create();
        Future<Object> never = closing.createFuture();
        Object big = new byte[1 << 20];
        closing.runUntilComplete(() -> {
            createTask(() -> {
                Object onTheStack = big;
                never.await();
                return onTheStack;
            });
            sleep(0);
            return null;
        });
        closing.close();
        return new java.lang.ref.WeakReference<>(big);
    }

    @Test
    void anInterruptedCoroutineWaitsWithoutSpinningAndKeepsItsInterruptStatus() {
        // A pending interrupt makes Selector.select and LockSupport.park return at once: a loop or a
        // fiber that waits while its thread is interrupted must not turn that into a busy loop.
        try (EventLoop real = Asyncio.newEventLoop()) {
            BaseEventLoop base = (BaseEventLoop) real;
            List<Object> seen = real.runUntilComplete(() -> {
                List<Object> s = new ArrayList<>();
                Task<Boolean> sleeper = createTask(() -> {
                    Thread.currentThread().interrupt();
                    sleep(0.3);
                    return Thread.currentThread().isInterrupted();
                });
                sleep(0.05);
                long iterations = base.iterations;
                for (int i = 0; i < 5; i++) {
                    sleep(0.02);
                    Thread fiber = sleeper.fiberThread();
                    s.add(fiber == null ? Thread.State.WAITING : fiber.getState());
                }
                s.add(base.iterations - iterations < 100);
                s.add(sleeper.await());
                return s;
            });
            assertEquals(List.of(Thread.State.WAITING, Thread.State.WAITING, Thread.State.WAITING, Thread.State.WAITING,
                    Thread.State.WAITING, true, true), seen,
                    "[fiber states while suspended (portable engine), the loop did not spin, the interrupt status was kept]");
        }
    }

    // ------------------------------------------------------------------ native frames

    /** Set before the static initializer below runs (a class initializes once per JVM). */
    static Future<String> clinitFuture;

    /** A static initializer runs under a VM call (a native frame): a continuation cannot yield there. */
    static final class AwaitsInItsStaticInitializer {
        static final Object OUTCOME;

        static {
            Object outcome;
            try {
                outcome = clinitFuture.await();
            } catch (IllegalStateException e) {
                outcome = e;
            }
            OUTCOME = outcome;
        }
    }

    static final class SleepsInItsStaticInitializer {
        static final Object OUTCOME;

        static {
            Object outcome;
            try {
                outcome = sleep(0, "slept");
            } catch (IllegalStateException e) {
                outcome = e;
            }
            OUTCOME = outcome;
        }
    }

    @Test
    void awaitingUnderANativeFrameFailsClearlyAndLeavesNoStrayWakeUp() {
        clinitFuture = loop.createFuture();
        Future<String> next = loop.createFuture();
        loop.callLater(1, () -> clinitFuture.setResult("from clinit")); // completes first
        loop.callLater(2, () -> next.setResult("next"));
        List<Object> seen = loop.runUntilComplete(() -> {
            List<Object> s = new ArrayList<>();
            s.add(AwaitsInItsStaticInitializer.OUTCOME);
            s.add(next.await()); // a stray registration on clinitFuture would resume this await at t=1
            s.add(getRunningLoop().time());
            return s;
        });
        if (continuationEngine()) {
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, seen.get(0));
            assertTrue(e.getMessage().startsWith("a coroutine cannot suspend here: its stack is pinned (NATIVE)"), e.getMessage());
            assertTrue(e.getMessage().contains("under a native frame (a static initializer"), e.getMessage());
        } else {
            // a virtual thread may park under a native frame (it pins its carrier for that time)
            assertEquals("from clinit", seen.get(0));
        }
        assertEquals("next", seen.get(1));
        assertEquals(2.0, seen.get(2));
    }

    @Test
    void sleepingUnderANativeFrameFailsClearlyAndLeavesNoStrayStep() {
        List<Object> seen = loop.runUntilComplete(() -> {
            List<Object> s = new ArrayList<>();
            s.add(SleepsInItsStaticInitializer.OUTCOME);
            s.add(sleep(1, "after")); // a stray step left in the ready queue would resume this sleep at once
            s.add(getRunningLoop().time());
            return s;
        });
        if (continuationEngine()) {
            assertInstanceOf(IllegalStateException.class, seen.get(0));
        } else {
            assertEquals("slept", seen.get(0));
        }
        assertEquals("after", seen.get(1));
        assertEquals(1.0, seen.get(2));
    }

    @Test
    void aPendingCancelIsNotLostWhenASuspensionIsRefused() {
        assumeTrue(continuationEngine(), "only the continuation engine refuses suspensions under native frames");
        // cancel() while the task runs sets a pending request; the refused await consumed it by
        // cancelling the awaited future. The next real suspension must still deliver it.
        Task<?>[] self = new Task<?>[1];
        Future<String> inClinit = loop.createFuture();
        Task<String> t = loop.createTask(() -> {
            self[0].cancel("still wanted");
            Object outcome = RefusedWithAPendingCancel.await(inClinit);
            assertInstanceOf(IllegalStateException.class, outcome);
            sleep(10);
            return "not cancelled";
        });
        self[0] = t;
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("still wanted", e.getMessage());
        assertEquals(0.0, loop.time());
    }

    static final class RefusedWithAPendingCancel {
        static Future<String> future;
        static Object outcome;

        static Object await(Future<String> f) {
            future = f;
            return Holder.OUTCOME;
        }

        static final class Holder {
            static final Object OUTCOME;

            static {
                Object o;
                try {
                    o = future.await();
                } catch (RuntimeException e) {
                    o = e;
                }
                OUTCOME = o;
            }
        }
    }

    // ------------------------------------------------------------------ monitors

    @Test
    void inDebugModeSuspendingInsideSynchronizedFailsAtTheSuspensionPoint() {
        assumeTrue(continuationEngine(), "the portable engine cannot inspect a virtual thread's monitors");
        loop.setDebug(true);
        Object lock = new Object();
        Future<String> fut = loop.createFuture();
        loop.callLater(1, () -> fut.setResult("done"));
        List<Object> seen = loop.runUntilComplete(() -> {
            List<Object> s = new ArrayList<>();
            synchronized (lock) {
                try {
                    sleep(0);
                    s.add("slept while holding the monitor");
                } catch (IllegalStateException e) {
                    s.add(e);
                }
                try {
                    s.add(fut.await());
                } catch (IllegalStateException e) {
                    s.add(e);
                }
            }
            // another coroutine can take the monitor: nothing was left holding it
            s.add(createTask(() -> {
                synchronized (lock) {
                    sleepOutsideAnyMonitorOf(lock);
                    return "entered";
                }
            }).await());
            s.add(fut.await());
            s.add(getRunningLoop().time());
            return s;
        });
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, seen.get(0));
        assertTrue(e.getMessage().startsWith("a coroutine cannot suspend while it holds a monitor"), e.getMessage());
        assertTrue(e.getMessage().contains("EngineTest"), "the message names the frame that locked it: " + e.getMessage());
        assertInstanceOf(IllegalStateException.class, seen.get(1));
        assertEquals(List.of("entered", "done", 1.0), seen.subList(2, 5));
    }

    private static void sleepOutsideAnyMonitorOf(Object lock) {
        // called with the monitor held: the check must report it (then the task gives up the lock)
        try {
            sleep(0);
            fail("the check must refuse this suspension");
        } catch (IllegalStateException expected) {
            assertTrue(Thread.holdsLock(lock));
        }
    }

    @Test
    void theWatchdogReportsALoopDeadlockedByAMonitorHeldAcrossASuspension() throws Exception {
        // Without debug mode nothing stops the suspension; the loop deadlocks when another coroutine
        // enters the monitor, and the watchdog reports it. The loop's thread stays blocked for good:
        // it is a daemon thread of its own, and its loop (private to this test) is never closed.
        long period = StallWatchdog.periodMillis;
        StallWatchdog.periodMillis = 50;
        Object lock = new Object();
        VirtualTimeLoop deadlocked = VirtualTimeLoop.create();
        try (Support.LogCapture logs = new Support.LogCapture()) {
            Thread.ofPlatform().daemon().name("deadlocked-loop-runner").start(() -> deadlocked.runUntilComplete(() -> {
                createTask(() -> {
                    synchronized (lock) {
                        sleep(10); // suspends while holding the monitor
                    }
                });
                sleep(0);
                synchronized (lock) { // blocks the loop for good
                    return null;
                }
            }));
            java.util.logging.LogRecord r = logs.await(java.util.logging.Level.SEVERE, "is stuck", 20_000);
            assertTrue(r.getMessage().contains("If a coroutine of this loop suspended"), r.getMessage());
            assertTrue(r.getMessage().contains("EngineTest"), "the report shows where the loop is blocked: " + r.getMessage());
        } finally {
            StallWatchdog.periodMillis = period;
        }
    }

    @Test
    void inDebugModeAMonitorHeldOutsideTheLoopIsNotReported() {
        loop.setDebug(true);
        Object outer = new Object();
        synchronized (outer) {
            assertEquals("slept", loop.runUntilComplete(() -> sleep(0.5, "slept")));
            assertEquals("awaited", loop.runUntilComplete(() -> {
                Future<String> f = getRunningLoop().createFuture();
                getRunningLoop().callSoon(() -> f.setResult("awaited"));
                return f.await();
            }));
        }
    }
}
