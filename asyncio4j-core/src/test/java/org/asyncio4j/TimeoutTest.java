package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.asyncio4j.TestLoops.now;
import static org.asyncio4j.TestLoops.runVirtual;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.Test;

/** Conformance section E (timeout / timeoutAt) and CPython's test_timeouts.py. */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutTest {

    private static void advance(double seconds) {
        ((VirtualTimeLoop) getRunningLoop()).advance(seconds);
    }

    // ------------------------------------------------------------------ E1 basic expiry

    @Test
    void e1_timeoutExpiresAroundALongSleep() {
        runVirtual(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            TimedOutException e = assertThrows(TimedOutException.class, () -> timeout(0.01, t -> {
                cm.set(t);
                sleep(10);
                return null;
            }));
            assertEquals(0.01, now());
            assertTrue(cm.get().expired());
            assertInstanceOf(CancelledError.class, e.getCause());
            assertEquals("Timeout expired (deadline: loop time 0.01)", e.getMessage());
        });
    }

    @Test
    void e1_timeoutAtKeepsTheDeadlineAsWhen() {
        runVirtual(() -> {
            sleep(1);
            double deadline = now() + 0.01;
            AtomicReference<Timeout> cm = new AtomicReference<>();
            assertThrows(TimedOutException.class, () -> timeoutAt(deadline, t -> {
                cm.set(t);
                sleep(10);
                return null;
            }));
            assertTrue(cm.get().expired());
            assertEquals(deadline, cm.get().when());
            assertEquals(deadline, now());
        });
    }

    @Test
    void e1_reprOfAnExpiredTimeout() {
        runVirtual(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            assertThrows(TimedOutException.class, () -> timeout(0.01, t -> {
                cm.set(t);
                return sleep(10, "never");
            }));
            assertEquals("<Timeout [expired]>", cm.get().toString());
        });
    }

    @Test
    void bodyResultIsReturnedWhenItFinishesInTime() {
        assertEquals("done", runVirtual(() -> timeout(1, () -> sleep(0.5, "done"))));
    }

    @Test
    void waiterSeesTheCancellationBeforeTheTimeoutError() {
        runVirtual(() -> {
            Order order = new Order();
            order.expect(1);
            assertThrows(TimedOutException.class, () -> timeout(0.01, () -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    order.expect(2);
                    throw e;
                }
                return null;
            }));
            order.finish(3);
        });
    }

    // ------------------------------------------------------------------ E3 nesting

    @Test
    void e3_innerShorterTimeoutIsCaughtInsideOuter() {
        runVirtual(() -> {
            Order order = new Order();
            AtomicReference<Timeout> outer = new AtomicReference<>();
            AtomicReference<Timeout> inner = new AtomicReference<>();
            timeout(1, o -> {
                outer.set(o);
                order.expect(1);
                assertThrows(TimedOutException.class, () -> timeout(0.01, i -> {
                    inner.set(i);
                    sleep(1);
                    return null;
                }));
                order.expect(2);
                assertEquals(0.01, now());
                sleep(0.1);
                return null;
            });
            order.finish(3);
            assertFalse(outer.get().expired());
            assertTrue(inner.get().expired());
            assertEquals(0.11, now(), 1e-12);
        });
    }

    @Test
    void e3_onlyTheOutermostExpiredTimeoutConverts() {
        // Outer 0.002 s, inner 0.1 s; the loop is "busy" for 0.01 s inside the inner block.
        runVirtual(() -> {
            AtomicReference<Timeout> outer = new AtomicReference<>();
            AtomicReference<Timeout> inner = new AtomicReference<>();
            AtomicReference<Throwable> seenByInner = new AtomicReference<>();
            assertThrows(TimedOutException.class, () -> timeout(0.002, o -> {
                outer.set(o);
                try {
                    return timeout(0.1, i -> {
                        inner.set(i);
                        advance(0.01);
                        sleep(1);
                        return null;
                    });
                } catch (Throwable e) {
                    seenByInner.set(e);
                    throw e;
                }
            }));
            assertInstanceOf(CancelledError.class, seenByInner.get());
            assertTrue(outer.get().expired());
            assertFalse(inner.get().expired());
            assertEquals(0.01, now());
            assertEquals(0, currentTask().cancelling());
        });
    }

    @Test
    void nestedTimeoutsWithEqualDeadlinesConvertOnlyAtTheTop() {
        runVirtual(() -> {
            double deadline = now() + 0.01;
            AtomicReference<Timeout> cm1 = new AtomicReference<>();
            AtomicReference<Timeout> cm2 = new AtomicReference<>();
            boolean[] cancelled = {false};
            assertThrows(TimedOutException.class, () -> timeoutAt(deadline, t1 -> {
                cm1.set(t1);
                try {
                    return timeoutAt(deadline, t2 -> {
                        cm2.set(t2);
                        sleep(10);
                        return null;
                    });
                } catch (CancelledError e) {
                    cancelled[0] = true;
                    throw e;
                }
            }));
            assertTrue(cancelled[0]);
            assertTrue(cm1.get().expired());
            assertTrue(cm2.get().expired());
            assertEquals(0, currentTask().cancelling());
        });
    }

    @Test
    void bothDeadlinesPassedWhileTheLoopWasBusyTheOuterConverts() {
        // CPython's test_nested_timeouts_loop_busy: the inner (0.01) and the outer (0.1) deadline have both
        // passed when the task suspends, so both fire in one iteration and the outer scope converts.
        runVirtual(() -> {
            AtomicReference<Timeout> inner = new AtomicReference<>();
            AtomicReference<Throwable> leftInner = new AtomicReference<>();
            assertThrows(TimedOutException.class, () -> timeout(0.1, o -> {
                try {
                    timeout(0.01, i -> {
                        inner.set(i);
                        advance(0.1);
                        sleep(1);
                        return null;
                    });
                } catch (Throwable e) {
                    leftInner.set(e);
                    throw e;
                }
                return sleep(10, null);
            }));
            assertInstanceOf(CancelledError.class, leftInner.get());
            assertTrue(inner.get().expired());
            assertEquals(0.1, now());
        });
    }

    @Test
    void innerTimeoutFiresThenOuterInterruptsTheNextAwait() {
        runVirtual(() -> {
            Order order = new Order();
            assertThrows(TimedOutException.class, () -> timeout(0.1, () -> {
                order.expect(1);
                assertThrows(TimedOutException.class, () -> timeout(0.01, () -> sleep(1, null)));
                order.expect(2);
                return sleep(10, null);
            }));
            order.finish(3);
            assertEquals(0.1, now());
        });
    }

    // ------------------------------------------------------------------ E4 disabled, zero and past deadlines

    @Test
    void e4_infiniteTimeoutNeverFiresAndSchedulesNoTimer() {
        runVirtual(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            timeout(Double.POSITIVE_INFINITY, t -> {
                cm.set(t);
                sleep(0.01);
                return null;
            });
            assertFalse(cm.get().expired());
            assertEquals(Double.POSITIVE_INFINITY, cm.get().when());
            assertEquals(0.01, now()); // the clock did not jump to a timer at +inf
        });
    }

    @Test
    void infiniteTimeoutLeavesTheLoopIdleInsteadOfChasingATimer() {
        // With nothing else scheduled, a timer at +inf would make the virtual clock jump a day at a time
        // while the loop waits for the other thread.
        runVirtual(() -> {
            EventLoop loop = getRunningLoop();
            Future<String> fromThread = loop.createFuture();
            String r = timeout(Double.POSITIVE_INFINITY, () -> {
                new Thread(() -> loop.callSoonThreadsafe(() -> fromThread.setResult("woken"))).start();
                return fromThread.await();
            });
            assertEquals("woken", r);
            assertTrue(now() < 1, "the clock ran to " + now()); // it only advanced by the real wait
        });
    }

    @Test
    void e4_timeoutAtNullIsDisabled() {
        runVirtual(() -> {
            Timeout cm = new Timeout(null);
            String repr = cm.run(t -> {
                sleep(0.01);
                return t.toString();
            });
            assertEquals("<Timeout [active] when=None>", repr);
            assertFalse(cm.expired());
            assertNull(cm.when());
        });
    }

    @Test
    void e4_zeroTimeoutExpiresAroundALongSleep() {
        runVirtual(() -> {
            double t0 = now();
            AtomicReference<Timeout> cm = new AtomicReference<>();
            assertThrows(TimedOutException.class, () -> timeout(0, t -> {
                cm.set(t);
                return sleep(10, null);
            }));
            double t1 = now();
            assertTrue(cm.get().expired());
            assertTrue(t0 <= cm.get().when() && cm.get().when() <= t1);
            assertEquals(0.0, t1);
        });
    }

    @Test
    void e4_zeroTimeoutExpiresAroundSleepZero() {
        runVirtual(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            assertThrows(TimedOutException.class, () -> timeout(0, t -> {
                cm.set(t);
                return sleep(0, null);
            }));
            assertTrue(cm.get().expired());
            assertEquals(0.0, cm.get().when());
        });
    }

    @Test
    void e4_deadlineInThePastExpiresOnTheNextIteration() {
        runVirtual(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            assertThrows(TimedOutException.class, () -> timeout(-11, t -> {
                cm.set(t);
                return sleep(0, null);
            }));
            assertTrue(cm.get().expired());
            assertEquals(-11.0, cm.get().when());
        });
    }

    @Test
    void zeroTimeoutDoesNotInterruptABodyThatDoesNotSuspend() {
        assertEquals(42, runVirtual(() -> timeout(0, () -> 42)));
    }

    @Test
    void nanDelayIsRejected() {
        runVirtual(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> timeout(Double.NaN, () -> 1));
            assertEquals("Invalid delay: NaN (not a number)", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Timeout(Double.NaN));
        });
    }

    @Test
    void durationOverloadsUseTheSameDeadline() {
        runVirtual(() -> {
            assertThrows(TimedOutException.class, () -> timeout(Duration.ofMillis(250), () -> sleep(1, null)));
            assertEquals(0.25, now());
            int r = timeout(Duration.ofSeconds(1), t -> {
                assertEquals(1.25, t.when());
                return 7;
            });
            assertEquals(7, r);
        });
    }

    // ------------------------------------------------------------------ E5 foreign exceptions

    @Test
    void e5_foreignExceptionPassesThroughAndTheTimeoutDidNotExpire() {
        runVirtual(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> timeout(0.01, t -> {
                cm.set(t);
                throw new IllegalStateException("key");
            }));
            assertEquals("key", e.getMessage());
            assertEquals(0, e.getSuppressed().length);
            assertFalse(cm.get().expired());
        });
    }

    @Test
    void e5_timeoutNotReachedLeavesAFinishedScope() {
        runVirtual(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            timeout(10, t -> {
                cm.set(t);
                return sleep(0.01, null);
            });
            double t1 = now();
            assertFalse(cm.get().expired());
            assertTrue(cm.get().when() > t1);
            assertEquals("<Timeout [finished]>", cm.get().toString());
        });
    }

    @Test
    void checkedExceptionOfTheBodyArrivesWrapped() {
        runVirtual(() -> {
            CompletionException e = assertThrows(CompletionException.class, () -> timeout(1, () -> {
                throw new IOException("disk");
            }));
            assertInstanceOf(IOException.class, e.getCause());
        });
    }

    // ------------------------------------------------------------------ E6 exception chaining

    @Test
    void e6_timedOutExceptionIsCausedByTheCancellation() {
        runVirtual(() -> {
            TimedOutException e = assertThrows(TimedOutException.class, () -> timeout(0, () -> sleep(1, null)));
            assertInstanceOf(CancelledError.class, e.getCause());
            assertNull(e.getCause().getCause());
        });
    }

    @Test
    void e6_exceptionReplacedByTheCancellationInFinallyStillTimesOut() {
        // Python: `try: 1/0 finally: await sleep(1)`. Java's finally replaces the ArithmeticException.
        runVirtual(() -> {
            TimedOutException e = assertThrows(TimedOutException.class, () -> timeout(0.01, () -> {
                try {
                    return 1 / zero();
                } finally {
                    sleep(1);
                }
            }));
            assertInstanceOf(CancelledError.class, e.getCause());
        });
    }

    @Test
    void e6_foreignExceptionOnTimeoutCarriesATimedOutException() {
        runVirtual(() -> {
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> timeout(0.01, () -> crash()));
            assertEquals(1, e.getSuppressed().length);
            TimedOutException te = assertInstanceOf(TimedOutException.class, e.getSuppressed()[0]);
            assertNull(te.getCause()); // Java's finally dropped the CancelledError: nothing to chain to
            assertEquals(0, currentTask().cancelling());
        });
    }

    @Test
    void e6_foreignExceptionChainedToTheCancellationGetsATimedOutExceptionWithThatCause() {
        runVirtual(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> timeout(0.01, () -> {
                try {
                    return sleep(1, null);
                } catch (CancelledError c) {
                    throw new IllegalStateException("cleanup failed", c);
                }
            }));
            TimedOutException te = assertInstanceOf(TimedOutException.class, e.getSuppressed()[0]);
            assertSame(e.getCause(), te.getCause());
        });
    }

    @Test
    void e6_nestedTimeoutInFinallyTimesOutOnItsOwn() {
        runVirtual(() -> {
            AtomicReference<TimedOutException> innerError = new AtomicReference<>();
            TimedOutException outerError = assertThrows(TimedOutException.class, () -> timeout(0.01, () -> {
                try {
                    return sleep(1, null);
                } finally {
                    innerError.set(assertThrows(TimedOutException.class, () -> timeout(0.01, () -> sleep(10, null))));
                }
            }));
            assertInstanceOf(CancelledError.class, outerError.getCause());
            assertInstanceOf(CancelledError.class, innerError.get().getCause());
            assertNotSame(outerError.getCause(), innerError.get().getCause());
            assertEquals(0.02, now());
        });
    }

    @Test
    void timeoutAroundATaskGroupMarksTheGroupAndItsMembers() {
        // CPython's test_timeout_taskgroup: a child fails while cleaning up after the timeout cancelled it.
        runVirtual(() -> {
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> timeout(0.01, () -> taskGroup(tg -> {
                tg.createTask(() -> crashIn(2));
                try {
                    if (zero() == 0) {
                        throw new IllegalArgumentException("body");
                    }
                } finally {
                    sleep(1);
                }
                return null;
            })));
            assertEquals(1, eg.exceptions().size());
            assertInstanceOf(ArithmeticException.class, eg.exceptions().get(0));
            assertTrue(java.util.Arrays.stream(eg.getSuppressed()).anyMatch(s -> s instanceof TimedOutException));
            assertTrue(java.util.Arrays.stream(eg.exceptions().get(0).getSuppressed())
                    .anyMatch(s -> s instanceof TimedOutException));
            assertEquals(0, currentTask().cancelling());
            sleep(0); // the task is not left cancelled
        });
    }

    // ------------------------------------------------------------------ E9 the task is not left cancelled

    @Test
    void e9_outerTaskIsNotCancelled() {
        runVirtual(() -> {
            Task<Void> task = createTask(() -> {
                assertThrows(TimedOutException.class, () -> timeout(0.001, () -> sleep(10, null)));
            });
            task.await();
            assertTrue(task.isDone());
            assertFalse(task.isCancelled());
            assertEquals(0, task.cancelling());
        });
    }

    @Test
    void foreignCancelDoesNotTimeOutIfNotExpired() {
        runVirtual(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            assertThrows(CancelledError.class, () -> timeout(10, t -> {
                cm.set(t);
                currentTask().cancel();
                return sleep(10, null);
            }));
            assertFalse(cm.get().expired());
            assertEquals(1, currentTask().cancelling()); // the request was not the scope's: it stays
            currentTask().uncancel();
        });
    }

    @Test
    void outsideCancellationArrivingTogetherWithTheDeadlinePropagates() {
        runVirtual(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            Task<Object> task = createTask(() -> timeout(0.1, t -> {
                cm.set(t);
                return sleep(10, null);
            }));
            sleep(0);
            getRunningLoop().callAt(0.1, task::cancel); // scheduled after the timeout's own timer
            assertThrows(CancelledError.class, task::await);
            assertTrue(task.isCancelled());
            assertTrue(cm.get().expired());
            assertEquals(1, task.cancelling());
        });
    }

    /** The current task's work (a sleep) is cancelled; the cancellation is caught, and {@code cleanup} runs after. */
    private static void cleanUpAfterACaughtCancellation(Runnable cleanup) {
        try {
            currentTask().cancel();
            sleep(1);
        } catch (CancelledError swallowed) {
            // the work was cancelled; clean up (under a timeout)
        } finally {
            cleanup.run();
        }
    }

    @Test
    void timeoutAfterACaughtCancellationStillTimesOut() {
        runVirtual(() -> {
            cleanUpAfterACaughtCancellation(
                    () -> assertThrows(TimedOutException.class, () -> timeout(0.0, () -> sleep(1, null))));
            assertEquals(1, currentTask().cancelling());
            currentTask().uncancel();
        });
    }

    @Test
    void cancelInsideTimeoutAfterACaughtCancellationPropagates() {
        runVirtual(() -> {
            cleanUpAfterACaughtCancellation(() -> assertThrows(CancelledError.class, () -> timeout(1.0, () -> {
                currentTask().cancel();
                return sleep(2, null);
            })));
            assertEquals(2, currentTask().cancelling());
            currentTask().uncancel();
            currentTask().uncancel();
        });
    }

    // ------------------------------------------------------------------ E10 reschedule

    @Test
    void e10_rescheduleMovesAndDisablesTheDeadline() {
        runVirtual(() -> {
            Future<Timeout> fut = getRunningLoop().createFuture();
            double deadline1 = now() + 10;
            double deadline2 = deadline1 + 20;
            Task<Object> task = createTask(() -> timeoutAt(deadline1, cm -> {
                fut.setResult(cm);
                return sleep(50, null);
            }));
            Timeout cm = fut.await();
            assertEquals(deadline1, cm.when());
            cm.reschedule(deadline2);
            assertEquals(deadline2, cm.when());
            cm.reschedule(null);
            assertNull(cm.when());
            task.cancel();
            assertThrows(CancelledError.class, task::await);
            assertFalse(cm.expired());
            assertEquals(0.0, now());
        });
    }

    @Test
    void e10_reschedulingEarlierExpiresTheScope() {
        runVirtual(() -> {
            assertThrows(TimedOutException.class, () -> timeout(10, t -> {
                t.reschedule(now() + 0.01);
                return sleep(1, null);
            }));
            assertEquals(0.01, now());
        });
    }

    @Test
    void e10_reschedulingToNullPreventsExpiry() {
        runVirtual(() -> {
            String r = timeout(0.01, t -> {
                t.reschedule(null);
                return sleep(1, "slept");
            });
            assertEquals("slept", r);
            assertEquals(1.0, now());
        });
    }

    @Test
    void reschedulingIntoThePastExpiresOnTheNextIteration() {
        runVirtual(() -> {
            sleep(5);
            AtomicReference<Timeout> cm = new AtomicReference<>();
            assertThrows(TimedOutException.class, () -> timeout(10, t -> {
                cm.set(t);
                t.reschedule(1.0);
                return sleep(0, null);
            }));
            assertEquals(5.0, now());
            assertEquals(1.0, cm.get().when());
        });
    }

    @Test
    void reprOfAnActiveTimeout() {
        runVirtual(() -> {
            sleep(2.5);
            assertEquals("<Timeout [active] when=12.5>", timeout(10, t -> t.toString()));
            assertEquals("<Timeout [active] when=2.512>", timeout(0.0123, t -> t.toString()));
        });
    }

    // ------------------------------------------------------------------ E11 state errors

    @Test
    void e11_rescheduleBeforeEnterFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Timeout(0.01).reschedule(0.02));
        assertEquals("Timeout has not been entered", e.getMessage());
        assertEquals("<Timeout [created]>", new Timeout(1.0).toString());
    }

    @Test
    void e11_rescheduleAfterNormalExitFails() {
        runVirtual(() -> {
            Timeout cm = new Timeout(now() + 0.01);
            cm.run(t -> null);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.reschedule(0.02));
            assertEquals("Cannot change state of finished Timeout", e.getMessage());
        });
    }

    @Test
    void e11_rescheduleAfterExpiryFails() {
        runVirtual(() -> {
            Timeout cm = new Timeout(now() + 0.01);
            assertThrows(TimedOutException.class, () -> cm.run(t -> sleep(1, null)));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.reschedule(0.02));
            assertEquals("Cannot change state of expired Timeout", e.getMessage());
        });
    }

    @Test
    void e11_rescheduleWhileExpiringFails() {
        runVirtual(() -> {
            timeout(0.01, cm -> {
                assertThrows(CancelledError.class, () -> sleep(1));
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.reschedule(0.02));
                assertEquals("Cannot change state of expiring Timeout", e.getMessage());
                assertTrue(cm.expired());
                return null;
            });
            // The body swallowed the cancellation: the scope ends normally and the task is not cancelled.
            assertEquals(0, currentTask().cancelling());
        });
    }

    @Test
    void e11_enteringTwiceWhileActiveFails() {
        runVirtual(() -> {
            timeout(0.01, cm -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.run(t -> null));
                assertEquals("Timeout has already been entered", e.getMessage());
                return null;
            });
        });
    }

    @Test
    void e11_enteringAgainAfterExitFails() {
        runVirtual(() -> {
            Timeout cm = new Timeout(now() + 0.01);
            cm.run(t -> null);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.run(t -> null));
            assertEquals("Timeout has already been entered", e.getMessage());
        });
    }

    @Test
    void e11_timeoutOutsideATaskFails() {
        runVirtual(() -> {
            Timeout cm = new Timeout(now() + 0.01);
            Future<Throwable> seen = getRunningLoop().createFuture();
            getRunningLoop().callSoon(() -> {
                try {
                    cm.run(t -> null);
                    seen.setResult(null);
                } catch (Throwable e) {
                    seen.setResult(e);
                }
            });
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, seen.await());
            assertTrue(e.getMessage().startsWith("Timeout should be used inside a task"), e.getMessage());
            IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> cm.reschedule(0.02));
            assertEquals("Timeout has not been entered", e2.getMessage());
        });
    }

    @Test
    void timeoutWithoutARunningLoopFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Timeout(1.0).run(t -> null));
        assertEquals("Timeout should be used inside a task: no running event loop", e.getMessage());
        assertThrows(IllegalStateException.class, () -> timeout(1, () -> null));
    }

    // ------------------------------------------------------------------ helpers

    private static int zero() {
        return 0;
    }

    /** CPython's crash(): sleeps, and raises ZeroDivisionError while cleaning up. */
    private static Object crash() {
        try {
            sleep(1);
        } finally {
            if (zero() == 0) {
                throw new ArithmeticException("/ by zero");
            }
        }
        return null;
    }

    private static Void crashIn(double seconds) {
        try {
            sleep(seconds);
        } finally {
            if (zero() == 0) {
                throw new ArithmeticException("/ by zero");
            }
        }
        return null;
    }
}
