package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.asyncio4j.TestLoops.now;
import static org.asyncio4j.TestLoops.runVirtual;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conformance cases D9 and D10 (shield) and the shield tests of CPython's test_tasks.py. */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class ShieldTest {

    @Test
    void d9_shieldProtectsTheInnerWorkFromTheCallersCancellation() {
        runVirtual(() -> {
            List<String> log = new ArrayList<>();
            Future<Void> waiter = getRunningLoop().createFuture();
            Task<Integer> inner = createTask(() -> {
                waiter.await();
                log.add("inner done");
                return 7;
            });
            Task<Void> outer = createTask(() -> {
                try {
                    shield(inner).await();
                    log.add("outer not cancelled");
                } catch (CancelledError e) {
                    log.add("outer cancelled");
                    throw e;
                }
            });
            sleep(0);
            outer.cancel();
            assertThrows(CancelledError.class, outer::await);
            waiter.setResult(null);
            assertEquals(7, inner.await());
            assertEquals(List.of("outer cancelled", "inner done"), log);
            assertFalse(inner.isCancelled());
        });
    }

    @Test
    void d9_shieldedCoroutineRunsToTheEnd() {
        runVirtual(() -> {
            int[] proof = {0};
            Task<Void> outer = createTask(() -> {
                shield(() -> {
                    sleep(1);
                    proof[0] += 1;
                    return null;
                }).await();
                proof[0] += 100;
            });
            sleep(0);
            outer.cancel();
            assertThrows(CancelledError.class, outer::await);
            sleep(2);
            assertEquals(1, proof[0]);
        });
    }

    @Test
    void d10_shieldOfAGatherKeepsTheGatherRunning() {
        runVirtual(() -> {
            Future<Integer> child1 = getRunningLoop().createFuture();
            Future<Integer> child2 = getRunningLoop().createFuture();
            Future<List<Integer>> parent = gather(List.of(child1, child2), false);
            Future<List<Integer>> outer = shield(parent);
            sleep(0);
            outer.cancel();
            sleep(0);
            assertTrue(outer.isCancelled());
            child1.setResult(1);
            child2.setResult(2);
            assertEquals(List.of(1, 2), parent.await());
        });
    }

    @Test
    void d10_gatherOfShieldsCancelsTheShieldsOnly() {
        runVirtual(() -> {
            Future<Integer> child1 = getRunningLoop().createFuture();
            Future<Integer> child2 = getRunningLoop().createFuture();
            Future<Integer> inner1 = shield(child1);
            Future<Integer> inner2 = shield(child2);
            Future<List<Integer>> parent = gather(List.of(inner1, inner2), false);
            sleep(0);
            assertTrue(parent.cancel());
            sleep(0);
            assertInstanceOf(CancelledError.class, parent.exception());
            assertTrue(inner1.isCancelled());
            assertTrue(inner2.isCancelled());
            assertFalse(child1.isCancelled());
            assertFalse(child2.isCancelled());
            child1.setResult(1);
            child2.setResult(2);
            sleep(0);
        });
    }

    @Test
    void resultIsCopied() {
        runVirtual(() -> {
            Future<Integer> inner = getRunningLoop().createFuture();
            Future<Integer> outer = shield(inner);
            inner.setResult(42);
            assertEquals(42, outer.await());
        });
    }

    @Test
    void exceptionIsCopied() {
        runVirtual(() -> {
            Future<Integer> inner = getRunningLoop().createFuture();
            Future<Integer> outer = shield(inner);
            sleep(0);
            RuntimeException exc = new RuntimeException("expected");
            inner.setException(exc);
            sleep(0);
            assertSame(exc, outer.exception());
        });
    }

    @Test
    void cancellingTheInnerCancelsTheOuter() {
        runVirtual(() -> {
            Future<Integer> inner = getRunningLoop().createFuture();
            Future<Integer> outer = shield(inner);
            sleep(0);
            inner.cancel();
            sleep(0);
            assertTrue(outer.isCancelled());
        });
    }

    @Test
    void cancellingTheOuterLeavesTheInnerAlone() {
        runVirtual(() -> {
            List<ExceptionContext> reported = new ArrayList<>();
            getRunningLoop().setExceptionHandler((loop, ctx) -> reported.add(ctx));
            Future<Integer> inner = getRunningLoop().createFuture();
            Future<Integer> outer = shield(inner);
            sleep(0);
            assertTrue(outer.cancel());
            sleep(0);
            assertTrue(outer.isCancelled());
            assertFalse(inner.isCancelled());
            inner.setResult(1); // the outer's callback was removed: nothing tries to complete it
            sleep(0);
            assertTrue(reported.isEmpty(), reported::toString);
        });
    }

    @Test
    void outerCancelledAfterTheInnerCompletedInTheSameIterationStaysCancelled() {
        runVirtual(() -> {
            List<ExceptionContext> reported = new ArrayList<>();
            getRunningLoop().setExceptionHandler((loop, ctx) -> reported.add(ctx));
            Future<Integer> inner = getRunningLoop().createFuture();
            Future<Integer> outer = shield(inner);
            inner.setResult(1); // the shield's callback is now queued...
            outer.cancel(); // ...and the outer is cancelled before it runs
            sleep(0);
            assertTrue(outer.isCancelled());
            assertTrue(reported.isEmpty(), reported::toString);
        });
    }

    @Test
    void aDoneAwaitableIsReturnedAsItIs() {
        runVirtual(() -> {
            Future<Integer> fut = getRunningLoop().createFuture();
            fut.setResult(42);
            assertSame(fut, shield(fut));
            assertEquals(42, shield(fut).await());
        });
    }

    @Test
    void shieldedCallerStillTimesOut() {
        runVirtual(() -> {
            Task<String> work = createTask(() -> sleep(1, "done"));
            assertThrows(TimedOutException.class, () -> timeout(0.5, () -> shield(work).await()));
            assertEquals(0.5, now());
            assertEquals("done", work.await());
            assertEquals(1.0, now());
        });
    }
}
