package org.asyncio4j.sync;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.Asyncio.sleep;
import static org.asyncio4j.sync.SyncTesting.runVirtual;
import static org.asyncio4j.sync.SyncTesting.tick;
import static org.asyncio4j.sync.SyncTesting.withTimeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.asyncio4j.Awaitable;
import org.asyncio4j.CancelledError;
import org.asyncio4j.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Semaphore and BoundedSemaphore: conformance cases G13, G14 and CPython's test_locks.SemaphoreTests. */
class SemaphoreTest {

    private static Task<Boolean> acquirer(Semaphore sem, List<Integer> log, int tag) {
        return createTask(() -> {
            sem.acquire();
            log.add(tag);
            return true;
        });
    }

    @Test
    void g13_zeroPermitsIsLocked() {
        assertTrue(new Semaphore(0).isLocked());
    }

    @Test
    void g13_negativeInitialValueIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertEquals("Semaphore initial value must be >= 0, got -1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
    }

    @Test
    void defaultsToOnePermitAndIsNotAwaitable() {
        Semaphore sem = new Semaphore();
        assertEquals(1, sem.value());
        assertFalse(sem.isLocked());
        assertFalse(Awaitable.class.isAssignableFrom(Semaphore.class));
    }

    @Test
    void g13_acquireAccounting() {
        runVirtual(() -> {
            Semaphore sem = new Semaphore(3);
            List<Integer> result = new ArrayList<>();
            assertTrue(sem.acquire());
            assertTrue(sem.acquire());
            assertFalse(sem.isLocked());

            Task<Boolean> t1 = acquirer(sem, result, 1);
            Task<Boolean> t2 = acquirer(sem, result, 2);
            Task<Boolean> t3 = acquirer(sem, result, 3);
            tick();
            assertEquals(List.of(1), result);
            assertTrue(sem.isLocked());
            assertEquals(2, sem.waiterCount());
            assertEquals(0, sem.value());

            Task<Boolean> t4 = acquirer(sem, result, 4);
            sem.release();
            sem.release();
            assertEquals(0, sem.value()); // handed straight to the two woken waiters

            tick();
            assertEquals(0, sem.value());
            assertEquals(3, result.size());
            assertTrue(sem.isLocked());
            assertEquals(1, sem.waiterCount());
            assertTrue(t1.isDone() && t1.result());
            long done = List.of(t2, t3, t4).stream().filter(Task::isDone).count();
            assertEquals(2, done);
            assertEquals(List.of(1, 2, 3), result); // and exactly t2, t3 in FIFO order

            sem.release();
            gather(t2, t3, t4).await();
            assertEquals(List.of(1, 2, 3, 4), result);
        });
    }

    @Test
    void cancelledWaiterLeavesNoPendingTrace() {
        runVirtual(() -> {
            Semaphore sem = new Semaphore();
            sem.acquire();
            Task<Boolean> acquire = createTask(sem::acquire);
            getRunningLoop().callSoon(acquire::cancel);
            assertThrows(CancelledError.class, acquire::await);
            assertEquals(0, sem.waiterCount());
            assertEquals(0, sem.value());
        });
    }

    @Test
    void g14_cancelBeforeAwokenWakesOnlyOneLiveWaiter() {
        runVirtual(() -> {
            Semaphore sem = new Semaphore(0);
            Task<Boolean> t1 = createTask(sem::acquire);
            Task<Boolean> t2 = createTask(sem::acquire);
            Task<Boolean> t3 = createTask(sem::acquire);
            Task<Boolean> t4 = createTask(sem::acquire);
            tick();
            t1.cancel();
            t2.cancel();
            sem.release();
            tick();
            tick();
            assertTrue(t3.isDone());
            assertFalse(t4.isDone());
            assertTrue(t1.isCancelled() && t2.isCancelled());
            assertEquals(0, sem.value());
            assertEquals(1, sem.waiterCount());
            t4.cancel();
            tick();
            assertEquals(0, sem.waiterCount());
        });
    }

    @Test
    void g14_releaseAfterCancellingTheFirstWaiterServesTheSecond() {
        runVirtual(() -> {
            Semaphore sem = new Semaphore(0);
            Task<Boolean> t1 = createTask(sem::acquire);
            Task<Boolean> t2 = createTask(sem::acquire);
            tick();
            t1.cancel();
            sem.release();
            tick();
            tick();
            assertTrue(sem.isLocked());
            assertTrue(t2.isDone());
            assertEquals(0, sem.value());
        });
    }

    @Test
    void g14_permitHandedToACancelledWaiterComesBack() {
        runVirtual(() -> {
            Semaphore sem = new Semaphore(1);
            Task<?>[] t2 = new Task<?>[1];
            Task<Void> t1 = createTask(() -> {
                sem.withPermit(() -> sleep(0));
                t2[0].cancel(); // t2 was just handed the permit and has not run yet
            });
            t2[0] = createTask(() -> sem.withPermit(() -> {
                throw new AssertionError("must not get the permit");
            }));
            List<Object> results = gather(List.of(t1, t2[0]), true).await();
            assertNull(results.get(0));
            assertInstanceOf(CancelledError.class, results.get(1));
            assertEquals(1, sem.value());
            withTimeout(1.0, sem::acquire);
            assertEquals(0, getRunningLoop().time());
        });
    }

    @Test
    void boundedSemaphoreRejectsAnExtraRelease() {
        BoundedSemaphore sem = new BoundedSemaphore();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, sem::release);
        assertEquals("BoundedSemaphore released too many times", e.getMessage());
        runVirtual(() -> {
            BoundedSemaphore two = new BoundedSemaphore(2);
            two.acquire();
            two.acquire();
            Task<Boolean> waiting = createTask(two::acquire);
            tick();
            two.release(); // handed to the waiter
            two.release();
            assertTrue(waiting.await());
            two.release();
            assertThrows(IllegalArgumentException.class, two::release);
            assertEquals(2, two.value());
            assertFalse(two.isLocked());
        });
    }

    @Test
    void releaseWithoutWaitersUnlocks() {
        runVirtual(() -> {
            Semaphore sem = new Semaphore();
            sem.acquire();
            assertTrue(sem.isLocked());
            sem.release();
            assertFalse(sem.isLocked());
        });
    }

    @Test
    void fifoOrderAcrossRounds() {
        runVirtual(() -> {
            Semaphore sem = new Semaphore(1);
            List<String> result = new ArrayList<>();
            List<Task<Void>> tasks = new ArrayList<>();
            for (String tag : List.of("c1", "c2", "c3")) {
                tasks.add(createTask(() -> {
                    sem.acquire();
                    result.add(tag + "_1");
                    sleep(0.01);
                    sem.release();
                    sem.acquire();
                    result.add(tag + "_2");
                    sleep(0.01);
                    sem.release();
                }));
            }
            gather(List.copyOf(tasks), false).await();
            assertEquals(List.of("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"), result);
        });
    }

    @Test
    void fifoOrderWhenAWokenWaiterReleasesAndReacquires() {
        runVirtual(() -> {
            Semaphore sem = new Semaphore(1);
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t1 = acquirer(sem, result, 1);
            Task<Boolean> t2 = createTask(() -> {
                sem.acquire();
                result.add(2);
                sem.release();
                sem.acquire();
                result.add(4);
                return true;
            });
            Task<Boolean> t3 = acquirer(sem, result, 3);
            tick();
            sem.release();
            sem.release();
            gather(t1, t2, t3).await();
            assertEquals(List.of(1, 2, 3, 4), result);
        });
    }

    @Test
    void fifoOrderSkipsACancelledWaiter() {
        runVirtual(() -> {
            Semaphore sem = new Semaphore(0);
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t1 = acquirer(sem, result, 1);
            Task<Boolean> t2 = acquirer(sem, result, 2);
            Task<Boolean> t3 = acquirer(sem, result, 3);
            tick();
            t1.cancel();
            tick();
            sem.release();
            sem.release();
            gather(List.of(t1, t2, t3), true).await();
            assertEquals(List.of(2, 3), result);
        });
    }

    @Test
    void successfulAcquireWakesWaitersQueuedBehindForFairness() {
        // 3.13: strict FIFO [1, 2, 3, 4] (3.12.1 gave [1, 2, 4, 3])
        runVirtual(() -> {
            Semaphore sem = new Semaphore(0);
            List<Integer> result = new ArrayList<>();
            List<Task<Boolean>> t4 = new ArrayList<>();
            Task<Boolean> t1 = createTask(() -> {
                assertEquals(0, sem.value());
                sem.acquire();
                assertEquals(0, sem.value()); // every waiter that fits has been woken
                t4.add(createTask(() -> {
                    result.add(4);
                    return true;
                }));
                result.add(1);
                return true;
            });
            Task<Boolean> t2 = createTask(() -> {
                sem.release();
                sem.release();
                sem.release();
                assertEquals(2, sem.value());
                assertTrue(sem.isLocked()); // t1 was woken but has not run yet
                sem.acquire();
                result.add(2);
                return true;
            });
            Task<Boolean> t3 = createTask(() -> {
                sem.acquire();
                assertTrue(sem.isLocked());
                result.add(3);
                return true;
            });
            tick();
            assertEquals(2, sem.value());
            assertEquals(3, sem.waiterCount());
            tick();
            gather(t1, t2, t3, t4.get(0)).await();
            assertEquals(List.of(1, 2, 3, 4), result);
        });
    }

    @Test
    void withPermitReleasesOnFailure() {
        runVirtual(() -> {
            Semaphore sem = new Semaphore(2);
            assertEquals("x", sem.withPermit(() -> {
                assertEquals(1, sem.value());
                return "x";
            }));
            assertThrows(IllegalStateException.class, () -> sem.withPermit(() -> {
                throw new IllegalStateException("boom");
            }));
            assertEquals(2, sem.value());
        });
    }

    @Test
    void toStringShowsValueAndWaiters() {
        runVirtual(() -> {
            Semaphore sem = new Semaphore();
            assertTrue(sem.toString().matches("<Semaphore@[0-9a-f]+ \\[unlocked, value:1]>"), sem.toString());
            sem.acquire();
            assertTrue(sem.toString().endsWith("[locked]>"), sem.toString());
            Task<Boolean> t1 = createTask(sem::acquire);
            Task<Boolean> t2 = createTask(sem::acquire);
            tick();
            assertTrue(sem.toString().endsWith("[locked, waiters:2]>"), sem.toString());
            t1.cancel();
            t2.cancel();
            assertTrue(new BoundedSemaphore(3).toString().startsWith("<BoundedSemaphore@"));
        });
    }
}
