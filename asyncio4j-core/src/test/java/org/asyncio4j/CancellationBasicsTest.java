package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.asyncio4j.Support.runBriefly;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Conformance cases C4–C15 and C20 (task cancellation) of conformance-cases.md, plus asyncio's §3 cancel rules. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CancellationBasicsTest {
    private final VirtualTimeLoop loop = VirtualTimeLoop.create();
    private final Order order = new Order();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void c4_cancelASleepingTask() {
        Task<Integer> t = loop.createTask(() -> {
            sleep(10.0);
            return 12;
        });
        loop.callSoon(t::cancel);
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.isDone());
        assertTrue(t.isCancelled());
        assertFalse(t.cancel());
        assertEquals(0.0, loop.time(), "the sleep's timer was cancelled: the clock never jumped to 10");
    }

    @Test
    void c4_cancelATaskSleepingInsideAnotherOne() {
        String r = loop.runUntilComplete(() -> {
            Task<Void> sleeper = createTask(() -> sleep(5000));
            getRunningLoop().callLater(0.1, sleeper::cancel);
            try {
                sleeper.await();
                return "slept in";
            } catch (CancelledError e) {
                return "cancelled";
            }
        });
        assertEquals("cancelled", r);
        assertEquals(0.1, loop.time());
    }

    @Test
    void c6_aTaskThatCatchesCancellationDecidesTheOutcome_returning() {
        Future<Object> fut1 = loop.createFuture();
        Future<Object> fut2 = loop.createFuture();
        Task<Integer> t = loop.createTask(() -> {
            fut1.await();
            try {
                fut2.await();
            } catch (CancelledError e) {
                return 42;
            }
            return 0;
        });
        runBriefly(loop);
        fut1.setResult(null);
        runBriefly(loop);
        assertTrue(t.cancel());
        assertTrue(fut2.isCancelled(), "cancel() cancels the awaited future at once");
        assertEquals(42, loop.runUntilComplete(t));
        assertFalse(t.isCancelled());
    }

    @Test
    void c6_aTaskThatCatchesCancellationDecidesTheOutcome_ignoring() {
        Future<Object> fut1 = loop.createFuture();
        Future<Object> fut2 = loop.createFuture();
        Future<Integer> fut3 = loop.createFuture();
        Task<Integer> t = loop.createTask(() -> {
            fut1.await();
            try {
                fut2.await();
            } catch (CancelledError ignored) {
                // carry on
            }
            return fut3.await();
        });
        runBriefly(loop);
        fut1.setResult(null);
        runBriefly(loop);
        t.cancel();
        assertTrue(fut2.isCancelled());
        runBriefly(loop);
        assertFalse(t.isDone(), "the task now waits on fut3");
        assertTrue(t.toString().contains("wait_for=<Future pending>"), t.toString());
        fut3.setResult(42);
        assertEquals(42, loop.runUntilComplete(t));
        assertFalse(fut3.isCancelled());
        assertFalse(t.isCancelled());
    }

    @Test
    void c7_selfCancellationInterruptsTheNextAwaitAtOnce() {
        Task<?>[] self = new Task<?>[1];
        Task<Integer> t = loop.createTask(() -> {
            self[0].cancel();
            sleep(100); // must be interrupted immediately
            return 12;
        });
        self[0] = t;
        assertFalse(t.isCancelled());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.isDone());
        assertTrue(t.isCancelled());
        assertFalse(t.cancel());
        assertEquals(0.0, loop.time());
    }

    @Test
    void c7_selfCancellationRightBeforeReturnDiscardsTheResult() {
        Task<?>[] self = new Task<?>[1];
        Task<Integer> t = loop.createTask(() -> {
            self[0].cancel();
            return 12;
        });
        self[0] = t;
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.isCancelled());
        assertFalse(t.cancel());
    }

    @Test
    void c8_aCancelRequestIsDeliveredToTheNextAwaitedTask() {
        Future<Object> fut = loop.createFuture();
        Task<?>[] outer = new Task<?>[1];
        Task<?>[] nested = new Task<?>[1];
        outer[0] = loop.createTask(() -> {
            nested[0] = createTask(fut::await);
            sleep(0);
            outer[0].cancel();
            nested[0].await();
            return null;
        });
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer[0]));
        assertTrue(outer[0].isCancelled());
        assertTrue(nested[0].isCancelled());
        assertTrue(fut.isCancelled());
    }

    @Test
    void c11_uncancelWithdrawsAPendingCancel() {
        Future<Object> fut = loop.createFuture();
        Task<Integer> task = loop.createTask(() -> {
            fut.await();
            return 42;
        });
        loop.runUntilComplete(Support.yield0()); // the task now waits for fut
        fut.setResult(null); // the task is runnable but not yet resumed
        assertTrue(task.cancel());
        assertEquals(1, task.cancelling());
        assertEquals(0, task.uncancel());
        assertEquals(0, task.cancelling());
        assertEquals(42, loop.runUntilComplete(task), "the withdrawn cancel is not delivered");
    }

    /** CPython's make_request_with_timeout: a hand-made timeout with cancel() and uncancel(). */
    private record Outcome(boolean timedOut, boolean structuredBlockFinished, boolean outerCodeReached) {}

    private static Outcome makeRequestWithTimeout(double sleepFor, double timeout) {
        Task<?> task = currentTask();
        EventLoop l = task.getLoop();
        AtomicBoolean timedOut = new AtomicBoolean();
        boolean finished = false;
        TimerHandle timeoutHandle = l.callLater(timeout, () -> {
            timedOut.set(true);
            task.cancel();
        });
        try {
            Throwable raised = null;
            try {
                sleep(sleepFor);
                finished = true;
            } catch (Throwable e) {
                raised = e;
            }
            // the "finally" block of the Python original, which inspects the exception in flight
            timeoutHandle.cancel();
            if (timedOut.get() && task.uncancel() == 0 && raised != null && raised.getClass() == CancelledError.class) {
                throw new TimedOutException();
            }
            if (raised instanceof RuntimeException re) {
                throw re;
            }
            if (raised instanceof Error err) {
                throw err;
            }
        } catch (TimedOutException e) {
            assertTrue(timedOut.get());
        }
        assertEquals(0, task.cancelling());
        return new Outcome(timedOut.get(), finished, true);
    }

    @Test
    void c12_structuredUncancelPattern() {
        loop.runUntilComplete(() -> {
            Task<Outcome> t1 = createTask(() -> makeRequestWithTimeout(10.0, 0.1));
            Outcome o1 = t1.await();
            assertEquals(new Outcome(true, false, true), o1);
            assertEquals(0, t1.cancelling());
            Task<Outcome> t2 = createTask(() -> makeRequestWithTimeout(0, 10.0));
            Outcome o2 = t2.await();
            assertEquals(new Outcome(false, true, true), o2);
            assertEquals(0, t2.cancelling());
            return null;
        });
        assertEquals(0.1, loop.time());
    }

    @Test
    void c13_aSwallowedCancellationLeavesTheTaskNotCancelled() {
        Task<String> t = loop.createTask(() -> {
            try {
                sleep(10);
                return "slept";
            } catch (CancelledError e) {
                return "swallowed";
            }
        });
        runBriefly(loop);
        t.cancel();
        assertEquals("swallowed", loop.runUntilComplete(t));
        assertFalse(t.isCancelled());
        assertEquals(1, t.cancelling(), "cancelling() is not reset automatically");
    }

    @Test
    void c15_aFatalErrorWhileHandlingCancellationEscapesTheLoop() {
        // SystemExit is a fatal error here (Throwables.isFatal): an InternalError.
        InternalError baseExc = new InternalError("system exit");
        Task<Void> task = loop.createTask(() -> {
            try {
                sleep(10);
            } catch (CancelledError e) {
                throw baseExc;
            }
            return null;
        });
        runBriefly(loop);
        task.cancel();
        assertFalse(task.isDone());
        InternalError escaped = assertThrows(InternalError.class, () -> runBriefly(loop));
        assertSame(baseExc, escaped);
        assertTrue(task.isDone());
        assertFalse(task.isCancelled());
        assertSame(baseExc, task.exception());
    }

    @Test
    void c20_waitDoesNotShieldOrCancelTheChildren() {
        // CPython's test_yield_wait_does_not_shield_cancel: cancelling outer ends its wait() early and
        // leaves inner running.
        int[] proof = {0};
        Future<Void> waiter = loop.createFuture();
        List<Task<Void>> inner = new ArrayList<>();
        Task<Void> outer = loop.createTask(() -> {
            inner.add(createTask(() -> {
                waiter.await();
                proof[0] += 1;
            }));
            Asyncio.wait(inner);
            proof[0] += 100;
            return null;
        });
        runBriefly(loop);
        outer.cancel();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
        assertTrue(outer.isCancelled());
        assertFalse(inner.get(0).isDone(), "wait() neither cancelled inner nor waited for it");
        waiter.setResult(null);
        runBriefly(loop);
        assertEquals(1, proof[0]);
        assertTrue(inner.get(0).isDone());
        assertFalse(inner.get(0).isCancelled());
    }

    @Test
    void cancellingANotStartedTaskNeverRunsItsBody() {
        AtomicInteger ran = new AtomicInteger();
        Task<Void> t = loop.createTask(() -> {
            ran.incrementAndGet();
            return null;
        });
        assertTrue(t.cancel("early"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("early", e.getMessage());
        assertEquals(0, ran.get());
        assertTrue(t.isCancelled());
    }

    @Test
    void cancelCountsEveryRequestAndTheFirstMessageWins() {
        Task<Void> t = loop.createTask(() -> {
            order.expect(2);
            try {
                sleep(10);
            } catch (CancelledError e) {
                order.expect(4);
                assertEquals("first", e.getMessage());
                throw e;
            }
            return null;
        });
        order.expect(1);
        runBriefly(loop);
        order.expect(3);
        assertTrue(t.cancel("first"));
        assertTrue(t.cancel("second"), "cancel() returns true on every call while the task is not done");
        assertEquals(2, t.cancelling());
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        order.finish(5);
        assertEquals("first", e.getMessage());
        assertTrue(t.isCancelled());
    }

    @Test
    void aTaskEndingWithCancelledErrorIsCancelledEvenWithoutCancel() {
        Task<Void> t = loop.createTask(() -> {
            throw new CancelledError("by itself");
        });
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("by itself", e.getMessage());
        assertTrue(t.isCancelled());
        assertEquals(0, t.cancelling());
    }
}
