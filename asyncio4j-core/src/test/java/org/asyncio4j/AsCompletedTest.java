package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.asyncio4j.TestLoops.now;
import static org.asyncio4j.TestLoops.runVirtual;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Conformance case D25 (asCompleted) and the as_completed tests of CPython's test_tasks.py. */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class AsCompletedTest {

    @Test
    void outcomesArriveInCompletionOrder() {
        runVirtual(() -> {
            List<String> values = new ArrayList<>();
            List<Coroutine<String>> aws = List.of(() -> sleep(0.03, "c"), () -> sleep(0.01, "a"), () -> sleep(0.02, "b"));
            for (Future<String> f : asCompleted(aws)) {
                values.add(f.await() + "@" + now());
            }
            assertEquals(List.of("a@0.01", "b@0.02", "c@0.03"), values);
        });
    }

    @Test
    void d25_timeoutFailsTheOutstandingFuturesButLeavesTheTasksRunning() {
        runVirtual(() -> {
            Task<String> a = createTask(() -> sleep(0.1, "a"));
            Task<String> b = createTask(() -> sleep(0.15, "b"));
            List<Object> values = new ArrayList<>();
            for (Future<String> f : asCompleted(List.of(a, b), 0.12)) {
                try {
                    values.add(List.of(1, f.await()));
                } catch (TimedOutException e) {
                    values.add(List.of(2, e));
                }
            }
            assertEquals(2, values.size());
            assertEquals(List.of(1, "a"), values.get(0));
            List<?> second = (List<?>) values.get(1);
            assertEquals(2, second.get(0));
            TimedOutException te = assertInstanceOf(TimedOutException.class, second.get(1));
            assertEquals("asCompleted timed out after 0.12 seconds", te.getMessage());
            assertEquals(0.12, now());
            assertFalse(b.isCancelled());
            assertFalse(b.isDone());
            assertEquals("b", b.await());
        });
    }

    @Test
    void unusedTimeoutDoesNotFire() {
        runVirtual(() -> {
            for (Future<String> f : asCompleted(List.<Coroutine<String>>of(() -> sleep(0.01, "a")), 1)) {
                assertEquals("a", f.await());
            }
            sleep(2);
            assertEquals(2.01, now(), 1e-12);
        });
    }

    @Test
    void aFutureTakesTheNextOutcomeWhenItIsFirstAwaited() {
        // CPython's test_as_completed_reverse_wait
        runVirtual(() -> {
            List<Future<String>> futs = new ArrayList<>();
            asCompleted(List.<Coroutine<String>>of(() -> sleep(0.05, "a"), () -> sleep(0.10, "b"))).forEach(futs::add);
            assertEquals(2, futs.size());
            assertEquals("a", futs.get(1).await());
            assertEquals(0.05, now());
            assertEquals("b", futs.get(0).await());
            assertEquals(0.10, now());
        });
    }

    @Test
    void theFuturesCanBeWaitedForTogether() {
        // CPython's test_as_completed_concurrent: wait() registers callbacks, which claims the outcomes.
        runVirtual(() -> {
            List<Future<String>> futs = new ArrayList<>();
            asCompleted(List.<Coroutine<String>>of(() -> sleep(0.05, "a"), () -> sleep(0.05, "b"))).forEach(futs::add);
            Done<String> r = Asyncio.wait(futs);
            Set<String> results = new HashSet<>();
            r.done().forEach(f -> results.add(f.result()));
            assertEquals(Set.of("a", "b"), results);
            assertEquals(0.05, now());
        });
    }

    @Test
    void duplicatesCountOnce() {
        runVirtual(() -> {
            Coroutine<String> c = () -> "ham";
            List<String> result = new ArrayList<>();
            for (Future<String> f : asCompleted(List.of(c, c, () -> "spam"))) {
                result.add(f.await());
            }
            assertEquals(2, result.size());
            assertEquals(Set.of("ham", "spam"), new HashSet<>(result));
        });
    }

    @Test
    void aLoopLeftWithBreakCanBeResumed() {
        runVirtual(() -> {
            Iterable<Future<Integer>> it = asCompleted(List.<Coroutine<Integer>>of(
                    () -> sleep(0.3, 3), () -> sleep(0.1, 1), () -> sleep(0.2, 2)));
            List<Integer> first = new ArrayList<>();
            for (Future<Integer> f : it) {
                first.add(f.await());
                break;
            }
            List<Integer> rest = new ArrayList<>();
            for (Future<Integer> f : it) {
                rest.add(f.await());
            }
            assertEquals(List.of(1), first);
            assertEquals(List.of(2, 3), rest);
        });
    }

    @Test
    void theFailureOfTheNextFinisherIsThrownByItsFuture() {
        runVirtual(() -> {
            Iterator<Future<String>> it = asCompleted(List.<Coroutine<String>>of(
                    () -> sleep(0.2, "late"),
                    () -> {
                        sleep(0.1);
                        throw new IllegalStateException("boom");
                    })).iterator();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> it.next().await());
            assertEquals("boom", e.getMessage());
            assertEquals("late", it.next().await());
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
        });
    }

    @Test
    void aCancelledAwaitableGivesACancelledError() {
        runVirtual(() -> {
            Task<String> t = createTask(() -> sleep(10, "never"));
            getRunningLoop().callLater(0.1, () -> t.cancel("stop"));
            Future<String> f = asCompleted(List.of(t)).iterator().next();
            CancelledError e = assertThrows(CancelledError.class, f::await);
            assertEquals("stop", e.getMessage());
            assertEquals(0, currentTask().cancelling()); // the caller was not cancelled
        });
    }

    @Test
    void anAwaiterCancelledWhileWaitingDoesNotLoseAnOutcome() {
        runVirtual(() -> {
            Iterator<Future<String>> it = asCompleted(List.<Coroutine<String>>of(
                    () -> sleep(0.1, "first"), () -> sleep(0.2, "second"))).iterator();
            Future<String> f1 = it.next();
            Task<String> awaiter = createTask(() -> f1.await());
            getRunningLoop().callLater(0.05, awaiter::cancel);
            assertThrows(CancelledError.class, awaiter::await);
            assertTrue(f1.isCancelled());
            assertEquals("first", it.next().await());
            assertEquals(0.1, now());
        });
    }

    @Test
    void coroutinesStartWithoutBeingAwaited() {
        runVirtual(() -> {
            boolean[] ran = {false};
            Iterable<Future<Void>> it = asCompleted(List.<Coroutine<Void>>of(() -> {
                ran[0] = true;
                return null;
            }));
            assertNotNull(it);
            sleep(0);
            assertTrue(ran[0]);
        });
    }

    @Test
    void nanTimeoutIsRejected() {
        runVirtual(() -> {
            assertThrows(IllegalArgumentException.class, () -> asCompleted(List.<Coroutine<Integer>>of(() -> 1), Double.NaN));
        });
    }
}
