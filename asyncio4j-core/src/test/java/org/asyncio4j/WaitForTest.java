package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.asyncio4j.TestLoops.now;
import static org.asyncio4j.TestLoops.runVirtual;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Conformance cases D16-D23 (waitFor) and CPython's test_waitfor.py. */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class WaitForTest {
    /** A timeout that passes "timeout > 0" but costs nothing: CPython's _EPSILON. */
    private static final double EPSILON = 0.0001;

    // ------------------------------------------------------------------ D16, D17 timeout <= 0

    @Test
    void d16_zeroTimeoutNeverStartsACoroutine() {
        runVirtual(() -> {
            for (double timeout : new double[] {0, -1, Double.NEGATIVE_INFINITY}) {
                boolean[] started = {false};
                TimedOutException e = assertThrows(TimedOutException.class, () -> waitFor(() -> {
                    started[0] = true;
                    return "ran";
                }, timeout));
                assertFalse(started[0], "started with timeout " + timeout);
                assertInstanceOf(CancelledError.class, e.getCause());
                assertEquals("waitFor timed out: timeout " + timeout + " <= 0 and the awaitable was not done",
                        e.getMessage());
            }
            assertEquals(0.0, now());
        });
    }

    @Test
    void d17_nonPositiveTimeoutCancelsARunningTaskAndWaitsForItsCleanup() {
        runVirtual(() -> {
            for (double timeout : new double[] {0, -1}) {
                Boolean[] running = {null};
                Future<Void> started = getRunningLoop().createFuture();
                Task<String> fut = createTask(() -> {
                    running[0] = true;
                    started.setResult(null);
                    try {
                        sleep(10);
                    } finally {
                        running[0] = false;
                    }
                    return "done";
                });
                started.await();
                double t0 = now();
                assertThrows(TimedOutException.class, () -> waitFor(fut, timeout));
                assertTrue(fut.isDone());
                assertTrue(fut.isCancelled());
                assertEquals(false, running[0]); // its finally already ran
                assertEquals(t0, now());
            }
        });
    }

    @Test
    void d17_zeroTimeoutOnADoneFutureReturnsItsResult() {
        runVirtual(() -> {
            Future<String> fut = getRunningLoop().createFuture();
            fut.setResult("done");
            assertEquals("done", waitFor(fut, 0));
            assertTrue(fut.isDone());
            assertEquals(0.0, now());
        });
    }

    @Test
    void zeroTimeoutReturnsTheResultOfATaskThatSwallowsTheCancellation() {
        runVirtual(() -> {
            Task<String> t = createTask(() -> {
                try {
                    sleep(10);
                    return "slept";
                } catch (CancelledError e) {
                    return sleep(0.5, "swallowed");
                }
            });
            sleep(0);
            assertEquals("swallowed", waitFor(t, 0));
            assertEquals(0.5, now());
            assertFalse(t.isCancelled());
        });
    }

    @Test
    void zeroTimeoutWaitsForTheTaskToFinishCancelling() {
        // CPython's test_wait_for_waits_for_task_cancellation_w_timeout_0
        runVirtual(() -> {
            boolean[] taskDone = {false};
            Task<Void> inner = createTask(() -> slowToCancel(taskDone));
            sleep(EPSILON);
            TimedOutException e = assertThrows(TimedOutException.class, () -> waitFor(inner, 0));
            assertTrue(taskDone[0]);
            assertInstanceOf(CancelledError.class, e.getCause());
            assertEquals(2 * EPSILON, now());
        });
    }

    // ------------------------------------------------------------------ timeout > 0

    @Test
    void expiryCancelsTheTaskAndWaitsForItsCleanup() {
        runVirtual(() -> {
            Boolean[] running = {null};
            Task<String> fut = createTask(() -> {
                running[0] = true;
                try {
                    sleep(10);
                } finally {
                    running[0] = false;
                }
                return "done";
            });
            TimedOutException e = assertThrows(TimedOutException.class, () -> waitFor(fut, 0.1));
            assertInstanceOf(CancelledError.class, e.getCause());
            assertEquals(0.1, now());
            assertTrue(fut.isCancelled());
            assertEquals(false, running[0]);
            assertEquals(0, currentTask().cancelling());
        });
    }

    @Test
    void waitsUntilTheCancelledTaskHasReallyFinished() {
        runVirtual(() -> {
            boolean[] taskDone = {false};
            Task<Void> inner = createTask(() -> slowToCancel(taskDone));
            TimedOutException e = assertThrows(TimedOutException.class, () -> waitFor(inner, EPSILON));
            assertTrue(taskDone[0]);
            assertInstanceOf(CancelledError.class, e.getCause());
            assertEquals(2 * EPSILON, now());
        });
    }

    @Test
    void coroutineRunsInlineInTheCallingTask() {
        runVirtual(() -> {
            Task<?> me = currentTask();
            assertSame(me, waitFor(() -> sleep(0.1, currentTask()), 1));
            assertEquals(0.1, now());
        });
    }

    @Test
    void resultBeforeTheTimeoutIsReturned() {
        runVirtual(() -> {
            assertEquals("ok", waitFor(() -> sleep(0.2, "ok"), 0.5));
            assertEquals(0.2, now());
        });
    }

    @Test
    void infiniteTimeoutIsAPlainAwait() {
        runVirtual(() -> {
            assertEquals("done", waitFor(() -> "done", Double.POSITIVE_INFINITY));
            assertEquals("late", waitFor(() -> sleep(1e6, "late"), Double.POSITIVE_INFINITY));
            assertEquals(1e6, now());
        });
    }

    @Test
    void durationOverload() {
        runVirtual(() -> {
            assertThrows(TimedOutException.class, () -> waitFor(() -> sleep(1, null), Duration.ofMillis(100)));
            assertEquals(0.1, now());
        });
    }

    @Test
    void nanTimeoutIsRejected() {
        runVirtual(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> waitFor(() -> 1, Double.NaN));
            assertEquals("Invalid timeout: NaN (not a number)", e.getMessage());
        });
    }

    @Test
    void cancelSwallowedByTheCoroutineReturnsItsValue() {
        // CPython's test_wait_for_cancel_suppressed (gh-84849)
        runVirtual(() -> {
            int res = waitFor(() -> {
                try {
                    sleep(10);
                    return 0;
                } catch (CancelledError e) {
                    return 42;
                }
            }, 0.1);
            assertEquals(42, res);
            assertEquals(0.1, now());
            assertEquals(0, currentTask().cancelling());
        });
    }

    @Test
    void cancellationRaceReturnsTheInnerResult() {
        // CPython's test_wait_for_cancellation_race_condition
        runVirtual(() -> {
            int result = waitFor(() -> {
                assertThrows(CancelledError.class, () -> sleep(1));
                return 1;
            }, 0.01);
            assertEquals(1, result);
        });
    }

    @Test
    void d20_exceptionRaisedDuringCancellationPropagates() {
        runVirtual(() -> {
            class FooException extends RuntimeException {}
            Task<Void> inner = createTask(() -> {
                try {
                    sleep(0.2);
                } finally {
                    throwFoo(new FooException());
                }
            });
            assertThrows(FooException.class, () -> waitFor(inner, EPSILON));
            assertEquals(EPSILON, now());
        });
    }

    // ------------------------------------------------------------------ D21 cancelling the caller

    @Test
    void d21_cancellingWaitForWithoutTimeoutCancelsTheInnerTask() {
        cancellingTheWaiterCancelsTheInnerTask(Double.POSITIVE_INFINITY);
    }

    @Test
    void d21_cancellingWaitForWithATimeoutCancelsTheInnerTask() {
        cancellingTheWaiterCancelsTheInnerTask(60.0);
    }

    private static void cancellingTheWaiterCancelsTheInnerTask(double timeout) {
        runVirtual(() -> {
            boolean[] cleanedUp = {false};
            Task<Object> task = createTask(() -> {
                Future<Object> fut = getRunningLoop().createFuture();
                try {
                    return fut.await(); // never set
                } finally {
                    cleanedUp[0] = true;
                }
            });
            Task<Object> wait = createTask(() -> waitFor(task, timeout));
            getRunningLoop().callSoon(wait::cancel);
            assertThrows(CancelledError.class, wait::await);
            assertTrue(task.isCancelled());
            assertTrue(cleanedUp[0]);
            assertEquals(0.0, now());
        });
    }

    @Test
    void d21_cancellingTheWaiterOfASlowTaskWaitsForIt() {
        // CPython's test_asyncio_wait_for_cancelled: the slow task ignores cancel requests.
        runVirtual(() -> {
            boolean[] exited = {false};
            Task<Object> waitForTask = createTask(() -> waitFor(() -> {
                double exitAt = now() + 0.2;
                while (now() < exitAt) {
                    try {
                        sleep(exitAt - now());
                    } catch (CancelledError ignored) {
                        // keeps running
                    }
                }
                exited[0] = true;
                return null;
            }, 0.4));
            sleep(0);
            waitForTask.cancel();
            Asyncio.wait(java.util.List.of(waitForTask));
            assertTrue(exited[0]);
            assertEquals(0.2, now());
        });
    }

    @Test
    void waitForIsCancellableWhileTheInnerTaskHoldsUpTheCancellation() {
        // CPython's test_wait_for_self_cancellation
        runVirtual(() -> {
            Task<Integer> inner = createTask(() -> {
                try {
                    sleep(0.3);
                } catch (CancelledError e) {
                    try {
                        sleep(0.3);
                    } catch (CancelledError e2) {
                        sleep(0.3);
                    }
                }
                return 42;
            });
            Task<Integer> task = createTask(() -> waitFor(inner, 0.1));
            task.cancel();
            assertThrows(CancelledError.class, task::await);
            assertEquals(42, inner.await());
        });
    }

    // ------------------------------------------------------------------ D22 races

    @Test
    void d22_futureCompletedBeforeTheTimeoutGivesItsResult() {
        runVirtual(() -> {
            Future<String> fut = getRunningLoop().createFuture();
            getRunningLoop().callLater(0.1, () -> fut.setResult("ok"));
            assertEquals("ok", waitFor(fut, 0.2));
            assertEquals(0.1, now());
        });
    }

    @Test
    void d22_cancellationRightAfterTheInnerFinishedIsNotLost() {
        // gh-86296: the inner task finishes in one iteration, before the waiting task is cancelled.
        runVirtual(() -> {
            Task<String> inner = createTask(() -> "done");
            boolean[] reachedEnd = {false};
            Task<Void> task = createTask(() -> {
                waitFor(inner, 100);
                sleep(1);
                reachedEnd[0] = true;
            });
            assertFalse(task.isDone());
            sleep(0);
            task.cancel();
            assertThrows(CancelledError.class, task::await);
            assertTrue(inner.isDone());
            assertEquals("done", inner.await());
            assertFalse(reachedEnd[0]);
        });
    }

    // ------------------------------------------------------------------ D23 waitFor and shield

    @Test
    void d23_zeroTimeoutOnAShieldCancelsOnlyTheShield() {
        runVirtual(() -> {
            Task<String> task = createTask(() -> sleep(0.01, "done"));
            Future<String> shielded = shield(task);
            assertThrows(TimedOutException.class, () -> waitFor(shielded, 0));
            assertFalse(task.isDone());
            assertFalse(task.isCancelled());
            assertTrue(shielded.isCancelled());
            sleep(0.1);
            assertTrue(task.isDone());
            assertEquals("done", task.result());
        });
    }

    @Test
    void d23_noTimeoutOnAShieldRunsToCompletion() {
        runVirtual(() -> {
            Task<String> task = createTask(() -> sleep(0.1, "done"));
            assertEquals("done", waitFor(shield(task), Double.POSITIVE_INFINITY));
            assertTrue(task.isDone());
        });
    }

    @Test
    void d23_shieldKeepsTheTaskRunningPastTheTimeout() {
        runVirtual(() -> {
            Task<String> task = createTask(() -> sleep(0.1, "done"));
            assertThrows(TimedOutException.class, () -> waitFor(shield(task), 0.01));
            assertFalse(task.isDone());
            assertFalse(task.isCancelled());
            assertEquals("done", task.await());
            assertEquals(0.1, now());
        });
    }

    /** Sleeps; when cancelled, takes EPSILON more to clean up before it ends cancelled. */
    private static void slowToCancel(boolean[] done) {
        try {
            sleep(10);
        } catch (CancelledError e) {
            sleep(EPSILON);
            throw e;
        } finally {
            done[0] = true;
        }
    }

    private static void throwFoo(RuntimeException e) {
        throw e;
    }
}
