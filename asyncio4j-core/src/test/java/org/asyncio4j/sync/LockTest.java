package org.asyncio4j.sync;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.sync.SyncTesting.runVirtual;
import static org.asyncio4j.sync.SyncTesting.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.asyncio4j.Awaitable;
import org.asyncio4j.CancelledError;
import org.asyncio4j.Future;
import org.asyncio4j.NestAsyncio;
import org.asyncio4j.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Lock's behaviour: conformance cases G2–G5 and CPython's test_locks.LockTests. */
class LockTest {

    /** A task that acquires {@code lock}, logs {@code tag}, and keeps the lock. */
    private static Task<Boolean> acquirer(Lock lock, List<Integer> log, int tag) {
        return createTask(() -> {
            boolean r = lock.acquire();
            log.add(tag);
            return r;
        });
    }

    @Test
    void acquireServesWaitersInArrivalOrder() {
        runVirtual(() -> {
            Lock lock = new Lock();
            List<Integer> result = new ArrayList<>();
            assertTrue(lock.acquire());
            Task<Boolean> t1 = acquirer(lock, result, 1);
            Task<Boolean> t2 = acquirer(lock, result, 2);
            tick();
            assertEquals(List.of(), result);

            lock.release();
            tick();
            assertEquals(List.of(1), result);
            tick();
            assertEquals(List.of(1), result);

            Task<Boolean> t3 = acquirer(lock, result, 3);
            lock.release();
            tick();
            assertEquals(List.of(1, 2), result);
            lock.release();
            tick();
            assertEquals(List.of(1, 2, 3), result);
            for (Task<Boolean> t : List.of(t1, t2, t3)) {
                assertTrue(t.isDone());
                assertTrue(t.result());
            }
        });
    }

    @Test
    void g2_cancelledWaiterLeavesNoTrace() {
        runVirtual(() -> {
            Lock lock = new Lock();
            assertTrue(lock.acquire());
            Task<Boolean> task = createTask(lock::acquire);
            getRunningLoop().callSoon(task::cancel);
            assertThrows(CancelledError.class, task::await);
            assertEquals(0, lock.waiterCount());
            assertTrue(lock.isLocked());
        });
    }

    @Test
    void g3_cancelRaceSkipsTheCancelledWaiter() {
        // A holds the lock, B and C wait; A releases while B is cancelled in the same iteration: C gets it.
        runVirtual(() -> {
            Lock lock = new Lock();
            Future<Void> fa = getRunningLoop().createFuture();
            List<String> log = new ArrayList<>();
            Task<Void> ta = createTask(() -> lockit(lock, fa, log, "A"));
            tick();
            assertTrue(lock.isLocked());
            Task<Void> tb = createTask(() -> lockit(lock, null, log, "B"));
            tick();
            assertEquals(1, lock.waiterCount());
            Task<Void> tc = createTask(() -> lockit(lock, null, log, "C"));
            tick();
            assertEquals(2, lock.waiterCount());

            fa.setResult(null);
            tb.cancel();
            assertTrue(lock.firstWaiter().isCancelled());
            tick();
            assertFalse(lock.isLocked());
            assertTrue(ta.isDone());
            assertTrue(tb.isCancelled());
            tc.await();
            assertEquals(List.of("A", "C"), log);
            assertFalse(lock.isLocked());
            assertEquals(0, lock.waiterCount());
        });
    }

    private static void lockit(Lock lock, Future<Void> blocker, List<String> log, String name) {
        lock.acquire();
        try {
            log.add(name);
            if (blocker != null) {
                blocker.await();
            }
        } finally {
            lock.release();
        }
    }

    @Test
    void g3_cancelReleaseRacePassesTheLockOn() {
        // bpo-32734: three waiters; cancel(t1) and release() in one callback: exactly one acquisition.
        runVirtual(() -> {
            Lock lock = new Lock();
            int[] lockCount = {0};
            int[] callCount = {0};
            lock.acquire();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tasks.add(createTask(() -> {
                    callCount[0]++;
                    lock.acquire();
                    lockCount[0]++;
                }));
            }
            tick();
            Task<Void> t1 = tasks.get(0);
            getRunningLoop().callSoon(() -> {
                t1.cancel();
                lock.release();
            });
            assertThrows(CancelledError.class, t1::await);
            assertEquals(1, lockCount[0]);
            assertEquals(3, callCount[0]);
            assertTrue(t1.isCancelled());
            assertTrue(tasks.get(1).isDone());

            Task<Void> t3 = tasks.get(2);
            t3.cancel();
            tick();
            assertTrue(t3.isCancelled());
            assertTrue(lock.isLocked());
            assertEquals(0, lock.waiterCount());
        });
    }

    @Test
    void g3_finishedWaiterCancelledLetsTheNextTaskIn() {
        runVirtual(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Boolean> tb = createTask(lock::acquire);
            tick();
            assertEquals(1, lock.waiterCount());

            Task<Boolean> tc = createTask(lock::acquire); // not started yet
            tb.cancel();
            lock.release();
            tick();
            assertTrue(lock.isLocked());
            assertTrue(tb.isCancelled());
            assertTrue(tc.isDone()); // took the lock on the fast path: the only queued waiter was cancelled
            assertTrue(tc.await());
            assertEquals(0, lock.waiterCount());
        });
    }

    @Test
    void g3_waiterCancelledAfterBeingWokenWakesTheNext() {
        runVirtual(() -> {
            Lock lock = new Lock();
            List<Integer> log = new ArrayList<>();
            lock.acquire();
            Task<Boolean> t1 = acquirer(lock, log, 1);
            Task<Boolean> t2 = acquirer(lock, log, 2);
            tick();
            lock.release(); // t1's waiter is woken ...
            t1.cancel(); // ... and then t1 is cancelled before it runs
            assertThrows(CancelledError.class, t1::await);
            tick();
            assertEquals(List.of(2), log);
            assertTrue(t2.isDone());
            assertTrue(lock.isLocked());
            assertEquals(0, lock.waiterCount());
        });
    }

    @Test
    void g4_noQueueJumpingAfterRelease() {
        runVirtual(() -> {
            Lock lock = new Lock();
            List<Integer> order = new ArrayList<>();
            lock.acquire();
            Task<Void> t1 = createTask(() -> {
                lock.acquire();
                order.add(1);
                lock.release();
            });
            tick();
            lock.release(); // t1 woken, not yet run
            assertFalse(lock.isLocked());
            Task<Void> t2 = createTask(() -> {
                lock.acquire();
                order.add(2);
                lock.release();
            });
            gather(t1, t2).await();
            assertEquals(List.of(1, 2), order);
        });
    }

    @Test
    void g4_newcomerQueuesBehindWokenWaiterEvenWithoutSuspendingFirst() {
        runVirtual(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Boolean> t1 = createTask(lock::acquire);
            tick();
            lock.release();
            Task<Boolean> t2 = createTask(lock::acquire);
            tick();
            assertTrue(t1.isDone());
            assertFalse(t2.isDone());
            assertEquals(1, lock.waiterCount());
            lock.release();
            tick();
            assertTrue(t2.isDone());
        });
    }

    @Test
    void g5_releaseOfAnUnlockedLockFails() {
        Lock lock = new Lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertEquals("Lock is not acquired.", e.getMessage());
    }

    @Test
    void g5_aLockIsNotAwaitable() {
        // asyncio: `await lock` is a TypeError; here a Lock is simply not an Awaitable.
        assertFalse(Awaitable.class.isAssignableFrom(Lock.class));
    }

    @Test
    void g5_withLockLocksAndUnlocks() {
        runVirtual(() -> {
            Lock lock = new Lock();
            assertFalse(lock.isLocked());
            int r = lock.withLock(() -> {
                assertTrue(lock.isLocked());
                return 7;
            });
            assertEquals(7, r);
            assertFalse(lock.isLocked());
            lock.withLock(() -> assertTrue(lock.isLocked()));
            assertFalse(lock.isLocked());
        });
    }

    @Test
    void withLockReleasesWhenTheBodyFails() {
        runVirtual(() -> {
            Lock lock = new Lock();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> lock.withLock(() -> {
                        throw new IllegalArgumentException("boom");
                    }));
            assertEquals("boom", e.getMessage());
            assertFalse(lock.isLocked());
            CompletionException wrapped = assertThrows(CompletionException.class,
                    () -> lock.withLock(() -> {
                        throw new IOException("io");
                    }));
            assertInstanceOf(IOException.class, wrapped.getCause());
            assertFalse(lock.isLocked());
        });
    }

    @Test
    void withLockCancelledWhileWaitingDoesNotRunTheBody() {
        runVirtual(() -> {
            Lock lock = new Lock();
            lock.acquire();
            boolean[] ran = {false};
            Task<Void> t = createTask(() -> lock.withLock(() -> {
                ran[0] = true;
            }));
            tick();
            t.cancel();
            assertThrows(CancelledError.class, t::await);
            assertFalse(ran[0]);
            assertTrue(lock.isLocked()); // still ours
            lock.release();
            assertFalse(lock.isLocked());
        });
    }

    @Test
    void releaseWithoutWaitersUnlocks() {
        runVirtual(() -> {
            Lock lock = new Lock();
            lock.acquire();
            assertTrue(lock.isLocked());
            lock.release();
            assertFalse(lock.isLocked());
        });
    }

    @Test
    void uncontendedUseWorksWithoutAnEventLoop() {
        Lock lock = new Lock(); // asyncio binds lazily: the fast path needs no loop
        assertTrue(lock.acquire());
        assertTrue(lock.isLocked());
        lock.release();
        assertFalse(lock.isLocked());
    }

    @Test
    void waitingOutsideACoroutineFailsClearly() {
        org.junit.jupiter.api.Assumptions.assumeFalse(NestAsyncio.isApplied(), "a top-level wait would drive a loop");
        Lock lock = new Lock();
        lock.acquire();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::acquire);
        assertTrue(e.getMessage().startsWith("cannot wait on <Lock@"), e.getMessage());
        assertTrue(e.getMessage().contains("outside a coroutine"), e.getMessage());
        assertEquals(0, lock.waiterCount());
    }

    @Test
    void waitingInAPlainCallbackFailsClearly() {
        runVirtual(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Object[] outcome = {null};
            getRunningLoop().callSoon(() -> {
                try {
                    outcome[0] = lock.acquire();
                } catch (IllegalStateException e) {
                    outcome[0] = e;
                }
            });
            tick();
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, outcome[0]);
            assertTrue(e.getMessage().contains("in a plain callback of the event loop"), e.getMessage());
            assertEquals(0, lock.waiterCount());
            assertTrue(lock.isLocked());
        });
    }

    @Test
    void usingOneLockFromTwoLoopsFails() {
        Lock lock = new Lock();
        runVirtual(() -> {
            lock.acquire();
            Task<Boolean> t = createTask(lock::acquire); // binds the lock to this loop
            tick();
            lock.release();
            t.await();
            assertTrue(lock.isLocked());
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runVirtual(lock::acquire));
        assertTrue(e.getMessage().contains("is bound to a different event loop"), e.getMessage());
        assertTrue(lock.isLocked());
        assertEquals(0, lock.waiterCount());
    }

    @Test
    void toStringShowsStateAndWaiters() {
        runVirtual(() -> {
            Lock lock = new Lock();
            assertTrue(lock.toString().matches("<Lock@[0-9a-f]+ \\[unlocked]>"), lock.toString());
            lock.acquire();
            assertTrue(lock.toString().endsWith("[locked]>"), lock.toString());
            Task<Boolean> t = createTask(lock::acquire);
            tick();
            assertTrue(lock.toString().endsWith("[locked, waiters:1]>"), lock.toString());
            t.cancel();
            tick();
            assertTrue(lock.toString().endsWith("[locked]>"), lock.toString());
        });
    }

    @Test
    void uncontendedAcquireAndReleaseAllocateNothing() {
        Lock lock = new Lock();
        SyncTesting.assertAllocatesNothing("an uncontended acquire/release pair", () -> {
            lock.acquire();
            lock.release();
        });
        assertNull(lock.firstWaiter());
        assertEquals(0, lock.waiterCount());
    }
}
