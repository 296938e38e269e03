package org.asyncio4j.sync;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.sync.SyncTesting.runVirtual;
import static org.asyncio4j.sync.SyncTesting.tick;
import static org.asyncio4j.sync.SyncTesting.ticks;
import static org.asyncio4j.sync.SyncTesting.withTimeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.asyncio4j.AsyncRunnable;
import org.asyncio4j.CancelledError;
import org.asyncio4j.Task;
import org.asyncio4j.TimedOutException;
import org.junit.jupiter.api.Test;

/** asyncio.Condition's behaviour: conformance cases G11, G12 and CPython's test_locks.ConditionTests. */
class ConditionTest {

    /** A task that takes the lock, waits once, logs {@code tag} and (if {@code release}) releases. */
    private static Task<Boolean> waiter(Condition cond, List<Integer> log, int tag, boolean release) {
        return createTask(() -> {
            cond.acquire();
            if (cond.await()) {
                log.add(tag);
                if (release) {
                    cond.release();
                }
            }
            return true;
        });
    }

    @Test
    void awaitReleasesAndReacquiresTheLock() {
        runVirtual(() -> {
            Condition cond = new Condition();
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t1 = waiter(cond, result, 1, false);
            Task<Boolean> t2 = waiter(cond, result, 2, false);
            Task<Boolean> t3 = waiter(cond, result, 3, false);
            tick();
            assertEquals(List.of(), result);
            assertFalse(cond.isLocked());

            assertTrue(cond.acquire());
            cond.notify(1);
            tick();
            assertEquals(List.of(), result); // notified, but we still hold the lock
            assertTrue(cond.isLocked());

            cond.release();
            tick();
            assertEquals(List.of(1), result);
            assertTrue(cond.isLocked());

            cond.notify(2);
            tick();
            assertEquals(List.of(1), result);
            assertTrue(cond.isLocked());

            cond.release();
            tick();
            assertEquals(List.of(1, 2), result);
            assertTrue(cond.isLocked());

            cond.release();
            tick();
            assertEquals(List.of(1, 2, 3), result);
            assertTrue(cond.isLocked());
            for (Task<Boolean> t : List.of(t1, t2, t3)) {
                assertTrue(t.isDone() && t.result());
            }
        });
    }

    @Test
    void cancelledWaitReacquiresTheLockAndLeavesNoTrace() {
        runVirtual(() -> {
            Condition cond = new Condition();
            cond.acquire();
            Task<Boolean> wait = createTask(cond::await);
            getRunningLoop().callSoon(wait::cancel);
            assertThrows(CancelledError.class, wait::await);
            assertEquals(0, cond.waiterCount());
            assertTrue(cond.isLocked());
        });
    }

    @Test
    void cancelWhileTheLockIsContestedIsSwallowedOnlyIfNoSuspensionRemains() {
        runVirtual(() -> {
            Condition cond = new Condition();
            cond.acquire();
            Task<Boolean> waitTask = createTask(cond::await);
            tick();
            assertFalse(cond.isLocked());

            // notify, but contest the lock before cancelling
            cond.acquire();
            assertTrue(cond.isLocked());
            cond.notify(1);
            getRunningLoop().callSoon(waitTask::cancel);
            getRunningLoop().callSoon(cond::release);
            try {
                waitTask.await();
            } catch (CancelledError expectedOrNot) {
                // asyncio's test tolerates both
            }
            assertTrue(cond.isLocked());
        });
    }

    @Test
    void cancelAfterNotifyWhileReacquiring() {
        // bpo-32841
        runVirtual(() -> {
            Condition cond = new Condition();
            boolean[] waited = {false};
            Task<Void> waiter = createTask(() -> cond.withLock(() -> {
                waited[0] = true;
                cond.await();
            }));
            tick();
            cond.acquire();
            cond.notify(1);
            tick(); // the waiter gets to acquire()
            waiter.cancel();
            tick(); // the cancellation is delivered while it waits for the lock
            cond.release();
            tick();
            assertTrue(waiter.isCancelled());
            assertTrue(waited[0]);
            assertFalse(cond.isLocked());
        });
    }

    @Test
    void g12_waitWithoutTheLockFails() {
        runVirtual(() -> {
            Condition cond = new Condition();
            IllegalStateException e = assertThrows(IllegalStateException.class, cond::await);
            assertEquals("cannot wait on un-acquired lock", e.getMessage());
        });
    }

    @Test
    void g12_notifyWithoutTheLockFails() {
        Condition cond = new Condition();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cond.notify(1));
        assertEquals("cannot notify on un-acquired lock", e.getMessage());
        e = assertThrows(IllegalStateException.class, cond::notifyAllWaiters);
        assertEquals("cannot notify on un-acquired lock", e.getMessage());
    }

    @Test
    void g12_waitForRechecksThePredicateAfterEachWakeUp() {
        runVirtual(() -> {
            Condition cond = new Condition();
            boolean[] presult = {false};
            int[] checks = {0};
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t = createTask(() -> {
                cond.acquire();
                if (cond.waitFor(() -> {
                    checks[0]++;
                    return presult[0];
                })) {
                    result.add(1);
                    cond.release();
                }
                return true;
            });
            tick();
            assertEquals(List.of(), result);
            assertEquals(1, checks[0]);

            cond.acquire();
            cond.notify(1);
            cond.release();
            tick();
            assertEquals(List.of(), result);
            assertEquals(2, checks[0]);

            presult[0] = true;
            cond.acquire();
            cond.notify(1);
            cond.release();
            tick();
            assertEquals(List.of(1), result);
            assertEquals(3, checks[0]);
            assertTrue(t.isDone() && t.result());
        });
    }

    @Test
    void g12_waitForValueReturnsTheTruthyValue() {
        runVirtual(() -> {
            Condition cond = new Condition();
            List<Integer> box = new ArrayList<>();
            Task<List<Integer>> t = createTask(() -> cond.withLock(() -> cond.waitForValue(() -> box.isEmpty() ? null : box)));
            tick();
            assertFalse(t.isDone());
            cond.withLock(() -> {
                box.add(42);
                cond.notify(1);
            });
            assertSame(box, t.await());
        });
    }

    @Test
    void g12_waitForWithATruePredicateNeedsNoLock() {
        runVirtual(() -> {
            Condition cond = new Condition();
            assertEquals(List.of(1, 2, 3), cond.waitForValue(() -> List.of(1, 2, 3)));
            assertTrue(cond.waitFor(() -> true));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cond.waitFor(() -> false));
            assertEquals("cannot wait on un-acquired lock", e.getMessage());
        });
    }

    @Test
    void g12_timeoutInsideTheBlockKeepsTheLockHeld() {
        runVirtual(() -> {
            Condition cond = new Condition();
            cond.withLock(() -> {
                assertThrows(TimedOutException.class, () -> withTimeout(0.5, cond::await));
                assertTrue(cond.isLocked()); // re-acquired before the timeout surfaced: withLock can release
                assertEquals(0.5, getRunningLoop().time());
            });
            assertFalse(cond.isLocked());
            assertEquals(0, cond.waiterCount());
        });
    }

    @Test
    void notifyWakesAtMostNInOrder() {
        runVirtual(() -> {
            Condition cond = new Condition();
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t1 = waiter(cond, result, 1, true);
            Task<Boolean> t2 = waiter(cond, result, 2, true);
            Task<Boolean> t3 = waiter(cond, result, 3, true);
            tick();
            assertEquals(List.of(), result);

            cond.acquire();
            cond.notify(1);
            cond.release();
            tick();
            assertEquals(List.of(1), result);

            cond.acquire();
            cond.notify(1);
            cond.notify(2048);
            cond.release();
            tick();
            assertEquals(List.of(1, 2, 3), result);
            for (Task<Boolean> t : List.of(t1, t2, t3)) {
                assertTrue(t.isDone() && t.result());
            }
        });
    }

    @Test
    void notifyOfZeroOrLessWakesNobody() {
        runVirtual(() -> {
            Condition cond = new Condition();
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t1 = waiter(cond, result, 1, true);
            tick();
            cond.acquire();
            cond.notify(0);
            cond.notify(-3);
            cond.release();
            tick();
            tick();
            assertFalse(t1.isDone());
            assertEquals(1, cond.pendingWaiterCount());
            t1.cancel();
        });
    }

    @Test
    void notifyAllWaitersWakesEveryone() {
        runVirtual(() -> {
            Condition cond = new Condition();
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t1 = waiter(cond, result, 1, true);
            Task<Boolean> t2 = waiter(cond, result, 2, true);
            tick();
            assertEquals(List.of(), result);
            cond.acquire();
            cond.notifyAllWaiters();
            cond.release();
            tick();
            assertEquals(List.of(1, 2), result);
            assertTrue(t1.isDone() && t1.result());
            assertTrue(t2.isDone() && t2.result());
        });
    }

    @Test
    void toStringShowsLockAndWaiters() {
        runVirtual(() -> {
            Condition cond = new Condition();
            assertTrue(cond.toString().matches("<Condition@[0-9a-f]+ \\[unlocked]>"), cond.toString());
            cond.acquire();
            assertTrue(cond.toString().endsWith("[locked]>"), cond.toString());
            Task<Boolean> t1 = createTask(() -> cond.withLock(cond::await));
            Task<Boolean> t2 = createTask(() -> cond.withLock(cond::await));
            cond.release();
            tick();
            assertTrue(cond.toString().endsWith("[unlocked, waiters:2]>"), cond.toString());
            t1.cancel();
            t2.cancel();
        });
    }

    @Test
    void withLockHoldsTheLock() {
        runVirtual(() -> {
            Condition cond = new Condition();
            assertFalse(cond.isLocked());
            cond.withLock(() -> assertTrue(cond.isLocked()));
            assertFalse(cond.isLocked());
        });
    }

    @Test
    void explicitLockIsShared() {
        runVirtual(() -> {
            checkSharedLock(new Lock(), null);
            Lock lock = new Lock();
            checkSharedLock(lock, new Condition(lock));
            Condition own = new Condition();
            checkSharedLock(own.lock(), own);
        });
    }

    private static void checkSharedLock(Lock lock, Condition given) {
        Condition cond = given != null ? given : new Condition(lock);
        assertSame(lock, cond.lock());
        assertFalse(lock.isLocked());
        assertFalse(cond.isLocked());
        cond.withLock(() -> {
            assertTrue(lock.isLocked());
            assertTrue(cond.isLocked());
        });
        assertFalse(lock.isLocked());
        assertFalse(cond.isLocked());
        lock.withLock(() -> {
            assertTrue(lock.isLocked());
            assertTrue(cond.isLocked());
        });
        assertFalse(lock.isLocked());
        assertFalse(cond.isLocked());
    }

    @Test
    void conditionAndLockBoundToAnotherLoopFail() {
        Lock lock = new Lock();
        Condition cond = new Condition(lock);
        runVirtual(() -> {
            lock.acquire();
            Task<Boolean> t = createTask(cond::await);
            tick(); // t released the lock and waits: the condition is bound to this loop
            lock.acquire();
            cond.notify(1);
            tick(); // t must wait for the lock: the lock is bound too
            lock.release();
            assertTrue(t.await());
            lock.release();
        });
        runVirtual(() -> {
            lock.acquire(); // fast path: no loop involved
            IllegalStateException e = assertThrows(IllegalStateException.class, cond::await);
            assertTrue(e.getMessage().contains("<Condition@") && e.getMessage().contains("is bound to a different event loop"),
                    e.getMessage());
            assertTrue(lock.isLocked());
            e = assertThrows(IllegalStateException.class, lock::acquire);
            assertTrue(e.getMessage().contains("<Lock@") && e.getMessage().contains("is bound to a different event loop"),
                    e.getMessage());
            lock.release();
        });
    }

    /**
     * A task that waits with {@code wait} on {@code cond}, holding its lock, and keeps in {@code raised[0]}
     * the CancelledError the wait throws (after checking that the lock is held again), which it rethrows.
     */
    private static Task<Void> cancellableWaiter(Condition cond, AsyncRunnable wait, CancelledError[] raised) {
        return createTask(() -> cond.withLock(() -> {
            try {
                wait.run();
            } catch (CancelledError e) {
                assertTrue(cond.isLocked());
                raised[0] = e;
                throw e;
            }
        }));
    }

    @Test
    void cancelledErrorWhileWaitingIsRethrownUnchanged() {
        runVirtual(() -> {
            Condition cond = new Condition();
            CancelledError[] raised = {null};
            Task<Void> task = cancellableWaiter(cond, () -> cond.waitFor(() -> false), raised);
            tick();
            task.cancel("foo");
            CancelledError err = assertThrows(CancelledError.class, task::await);
            assertEquals("foo", err.getMessage());
            assertEquals("foo", raised[0].getMessage());
            assertSame(raised[0], err.getCause()); // the task's result() chains the coroutine's own error
            assertFalse(cond.isLocked());
        });
    }

    @Test
    void cancelledErrorWhileReacquiringIsRethrownUnchanged() {
        runVirtual(() -> {
            Condition cond = new Condition();
            boolean[] wake = {false};
            CancelledError[] raised = {null};
            Task<Void> task = cancellableWaiter(cond, () -> cond.waitFor(() -> wake[0]), raised);
            tick();
            cond.acquire();
            wake[0] = true;
            cond.notify(1);
            tick(); // the task now tries to re-acquire the lock: cancel it there
            task.cancel("foo");
            cond.release();
            CancelledError err = assertThrows(CancelledError.class, task::await);
            assertEquals("foo", err.getMessage());
            assertSame(raised[0], err.getCause());
            assertFalse(cond.isLocked());
        });
    }

    @Test
    void repeatedCancellationsWhileReacquiringRethrowTheLast() {
        runVirtual(() -> {
            Condition cond = new Condition();
            CancelledError[] raised = {null};
            Task<Void> task = cancellableWaiter(cond, cond::await, raised);
            tick();
            cond.acquire();
            cond.notify(1);
            tick(); // waiting for the lock
            task.cancel("first");
            tick();
            task.cancel("second");
            tick();
            assertFalse(task.isDone()); // still trying to get the lock back
            cond.release();
            assertThrows(CancelledError.class, task::await);
            assertEquals("second", raised[0].getMessage());
            assertFalse(cond.isLocked());
        });
    }

    /** G11 setup: two consumers waiting for state != 0; returns them. */
    private static List<Task<Void>> consumers(Condition condition, int[] state) {
        List<Task<Void>> c = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            c.add(createTask(() -> condition.withLock(() -> {
                while (true) {
                    condition.waitFor(() -> state[0] != 0);
                    if (state[0] < 0) {
                        return;
                    }
                    state[0]--;
                }
            })));
        }
        return c;
    }

    /**
     * G11: one of two consumers is notified of one item and cancelled after {@code ticksBeforeCancel}
     * loop iterations; the item must still be consumed, by the other one.
     */
    private static void checkTheWakeUpIsNotLostWhenTheNotifiedIsCancelled(int ticksBeforeCancel) {
        runVirtual(() -> {
            Condition condition = new Condition();
            int[] state = {0};
            List<Task<Void>> c = consumers(condition, state);
            tick();
            condition.withLock(() -> {
                state[0] += 1;
                condition.notify(1);
                ticks(ticksBeforeCancel);
                c.get(0).cancel();
                try {
                    withTimeout(0.01, () -> condition.waitFor(() -> state[0] == 0));
                } catch (TimedOutException e) {
                    // asserted below
                }
                assertEquals(0, state[0]);
                state[0] = -1;
                condition.notifyAllWaiters();
            });
            c.get(1).await();
            assertTrue(c.get(0).isCancelled());
        });
    }

    @Test
    void g11_wakeUpIsNotLostWhenTheNotifiedWaiterIsCancelledBeforeRunning() {
        checkTheWakeUpIsNotLostWhenTheNotifiedIsCancelled(0);
    }

    @Test
    void g11_wakeUpIsNotLostWhenTheNotifiedWaiterIsCancelledWhileReacquiring() {
        checkTheWakeUpIsNotLostWhenTheNotifiedIsCancelled(1); // it settles on re-acquiring the lock
    }
}
