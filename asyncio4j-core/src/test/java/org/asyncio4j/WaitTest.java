package org.asyncio4j;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.Asyncio.sleep;
import static org.asyncio4j.TestLoops.now;
import static org.asyncio4j.TestLoops.runVirtual;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Conformance cases D11 and D13 (wait) and the wait tests of CPython's test_tasks.py; C20 (wait() does not
 * shield or cancel its children) is in {@link CancellationBasicsTest}.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class WaitTest {

    @Test
    void d11_waitAllCompleted() {
        runVirtual(() -> {
            Task<Void> a = createTask(() -> sleep(0.1));
            Task<Void> b = createTask(() -> sleep(0.15));
            Done<Void> r = Asyncio.wait(List.of(b, a));
            assertEquals(Set.of(a, b), r.done());
            assertEquals(Set.of(), r.pending());
            assertEquals(0.15, now());
            // Again: takes no time.
            r = Asyncio.wait(List.of(b, a));
            assertEquals(Set.of(a, b), r.done());
            assertEquals(0.15, now());
        });
    }

    @Test
    void d13_firstExceptionWithAnAlreadyFailedTaskReturnsAtOnce() {
        runVirtual(() -> {
            Task<Void> a = createTask(() -> sleep(10.0));
            Task<Void> b = createTask(() -> {
                throw new ArithmeticException("err");
            });
            Done<Void> r = Asyncio.wait(List.of(b, a), ReturnWhen.FIRST_EXCEPTION);
            assertEquals(Set.of(b), r.done());
            assertEquals(Set.of(a), r.pending());
            assertEquals(0.0, now());
            a.cancel();
        });
    }

    @Test
    void d13_firstExceptionDuringTheWait() {
        runVirtual(() -> {
            Task<Void> a = createTask(() -> sleep(10.0));
            Task<Void> b = createTask(() -> {
                sleep(0.01);
                throw new ArithmeticException("err");
            });
            Done<Void> r = Asyncio.wait(List.of(b, a), ReturnWhen.FIRST_EXCEPTION);
            assertEquals(Set.of(b), r.done());
            assertEquals(Set.of(a), r.pending());
            assertEquals(0.01, now());
            a.cancel();
        });
    }

    @Test
    void d13_firstExceptionWithoutFailuresWaitsForAll() {
        runVirtual(() -> {
            Task<Void> a = createTask(() -> sleep(0.1));
            Task<Void> b = createTask(() -> sleep(0.2));
            Done<Void> r = Asyncio.wait(List.of(a, b), Double.POSITIVE_INFINITY, ReturnWhen.FIRST_EXCEPTION);
            assertEquals(2, r.done().size());
            assertEquals(0, r.pending().size());
            assertEquals(0.2, now());
        });
    }

    @Test
    void firstExceptionDoesNotCountACancellation() {
        runVirtual(() -> {
            Task<Void> a = createTask(() -> sleep(10.0));
            Task<Void> b = createTask(() -> sleep(0.2));
            getRunningLoop().callLater(0.05, a::cancel);
            Done<Void> r = Asyncio.wait(List.of(a, b), ReturnWhen.FIRST_EXCEPTION);
            assertEquals(Set.of(a, b), r.done());
            assertTrue(a.isCancelled());
            assertEquals(0.2, now());
        });
    }

    @Test
    void firstCompleted() {
        runVirtual(() -> {
            Task<Void> a = createTask(() -> sleep(10.0));
            Task<Void> b = createTask(() -> sleep(0.1));
            Done<Void> r = Asyncio.wait(List.of(b, a), ReturnWhen.FIRST_COMPLETED);
            assertEquals(Set.of(b), r.done());
            assertEquals(Set.of(a), r.pending());
            assertFalse(a.isDone());
            assertNull(b.result());
            assertEquals(0.1, now());
            a.cancel();
        });
    }

    @Test
    void doneIsComputedAfterWakingUp() {
        // CPython's test_wait_really_done: b finishes while the waiter's wake-up is queued.
        runVirtual(() -> {
            Task<Void> a = createTask(() -> sleep(0));
            Task<Void> b = createTask(() -> {
                sleep(0);
                sleep(0);
            });
            Done<Void> r = Asyncio.wait(List.of(b, a), ReturnWhen.FIRST_COMPLETED);
            assertEquals(Set.of(a, b), r.done());
            assertTrue(r.pending().isEmpty());
        });
    }

    @Test
    void failuresAreReturnedNotThrown() {
        runVirtual(() -> {
            Task<Void> a = createTask(() -> sleep(0.1));
            Task<Void> b = createTask(() -> {
                sleep(0.15);
                throw new ArithmeticException("really");
            });
            Done<Void> r = Asyncio.wait(List.of(b, a));
            assertEquals(2, r.done().size());
            assertEquals(1, r.done().stream().filter(f -> f.exception() != null).count());
            assertEquals(0.15, now());
        });
    }

    @Test
    void timeoutReturnsPendingFuturesWithoutCancellingThem() {
        runVirtual(() -> {
            Task<Void> a = createTask(() -> sleep(0.1));
            Task<Void> b = createTask(() -> sleep(0.15));
            Done<Void> r = Asyncio.wait(List.of(b, a), 0.11, ReturnWhen.ALL_COMPLETED);
            assertEquals(Set.of(a), r.done());
            assertEquals(Set.of(b), r.pending());
            assertEquals(0.11, now());
            assertFalse(b.isCancelled());
            b.await();
            assertEquals(0.15, now());
        });
    }

    @Test
    void futureCompletingTogetherWithTheTimeoutIsDone() {
        // CPython's test_wait_concurrent_complete: the wait runs in a task started after a, so a's timer
        // fires first and a is done when the waiter wakes up.
        runVirtual(() -> {
            Task<Void> a = createTask(() -> sleep(0.1));
            Task<Void> b = createTask(() -> sleep(0.15));
            Done<Void> r = createTask(() -> Asyncio.wait(List.of(b, a), 0.1, ReturnWhen.ALL_COMPLETED)).await();
            assertEquals(Set.of(a), r.done());
            assertEquals(Set.of(b), r.pending());
            assertEquals(0.1, now());
            b.cancel();
        });
    }

    @Test
    void zeroTimeoutReturnsAfterOneIteration() {
        runVirtual(() -> {
            Future<String> done = getRunningLoop().createFuture();
            done.setResult("x");
            Task<Void> slow = createTask(() -> sleep(1));
            Done<String> r = Asyncio.wait(List.of(done), 0, ReturnWhen.ALL_COMPLETED);
            assertEquals(Set.of(done), r.done());
            Done<Void> r2 = Asyncio.wait(List.of(slow), Duration.ZERO, ReturnWhen.ALL_COMPLETED);
            assertEquals(Set.of(slow), r2.pending());
            assertEquals(0.0, now());
            slow.cancel();
        });
    }

    @Test
    void duplicatesCountOnce() {
        runVirtual(() -> {
            Task<String> a = createTask(() -> sleep(0.1, "a"));
            Task<String> b = createTask(() -> "b");
            Done<String> r = Asyncio.wait(List.of(a, a, b));
            assertEquals(2, r.done().size());
            List<String> results = new ArrayList<>();
            r.done().forEach(f -> results.add(f.result()));
            assertEquals(List.of("a", "b"), results); // in the order passed
        });
    }

    @Test
    void emptyCollectionIsRejected() {
        runVirtual(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(List.<Future<Object>>of()));
            assertEquals("Set of Tasks/Futures is empty.", e.getMessage());
        });
    }

    @Test
    void missingReturnWhenIsRejected() {
        runVirtual(() -> {
            Future<Object> f = getRunningLoop().createFuture();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(List.of(f), null));
            assertEquals("Invalid return_when value: null", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(List.of(f), Double.NaN, ReturnWhen.ALL_COMPLETED));
        });
    }

    @Test
    void resultSetsAreUnmodifiable() {
        runVirtual(() -> {
            Task<String> a = createTask(() -> "a");
            Done<String> r = Asyncio.wait(List.of(a));
            assertThrows(UnsupportedOperationException.class, () -> r.done().clear());
            assertThrows(UnsupportedOperationException.class, () -> r.pending().add(a));
        });
    }
}
