package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.asyncio4j.Support.runBriefly;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Conformance cases D1–D7 (gather) of conformance-cases.md. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GatherTest {
    private final VirtualTimeLoop loop = VirtualTimeLoop.create();
    private final List<ExceptionContext> reports = new ArrayList<>();

    GatherTest() {
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @SuppressWarnings("unchecked")
    private <T> Future<T>[] futures(int n) {
        Future<T>[] fs = new Future[n];
        for (int i = 0; i < n; i++) {
            fs[i] = loop.createFuture();
        }
        return fs;
    }

    @Test
    void d1_gatherKeepsArgumentOrder() {
        Future<Integer>[] f = futures(3);
        Future<List<Object>> g = gather(f[0], f[1], f[2]);
        AtomicInteger calls = new AtomicInteger();
        g.addDoneCallback(x -> calls.incrementAndGet());
        f[1].setResult(1);
        f[0].setResult(2);
        runBriefly(loop);
        assertFalse(g.isDone());
        f[2].setResult(3);
        runBriefly(loop);
        assertTrue(g.isDone());
        assertEquals(1, calls.get());
        assertEquals(List.of(2, 1, 3), g.result());
    }

    @Test
    void d2_theFirstExceptionWinsAndLaterOutcomesAreIgnored() {
        Future<Integer>[] f = futures(5);
        Future<List<Object>> g = gather(f[0], f[1], f[2], f[3], f[4]);
        AtomicInteger calls = new AtomicInteger();
        g.addDoneCallback(x -> calls.incrementAndGet());
        ArithmeticException zde = new ArithmeticException("/ by zero"); // ZeroDivisionError
        f[0].setResult(1);
        f[1].setException(zde);
        runBriefly(loop);
        assertTrue(g.isDone());
        assertSame(zde, g.exception());
        assertEquals(1, calls.get());
        f[2].setResult(3);
        f[3].cancel();
        f[4].setException(new IllegalStateException("later"));
        runBriefly(loop);
        assertEquals(1, calls.get());
        assertEquals(List.of(), reports, "later outcomes are ignored, and nothing is reported");
    }

    @Test
    void d2_laterFailuresAreMarkedRetrieved() {
        failLateChildren();
        Future<Object> control = loop.createFuture();
        control.setException(new IllegalStateException("control"));
        control = null;
        assertTrue(Support.gcUntil(() -> !reports.isEmpty(), 50, () -> runBriefly(loop)),
                "the unretrieved control failure was never reported");
        for (int i = 0; i < 3; i++) {
            System.gc();
            runBriefly(loop);
        }
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).message().startsWith("Future exception was never retrieved"), reports.get(0).message());
        assertEquals("control", reports.get(0).exception().getMessage());
    }

    private void failLateChildren() {
        Future<Integer>[] f = futures(3);
        Future<List<Object>> g = gather(f[0], f[1], f[2]);
        f[0].setException(new IllegalStateException("first"));
        runBriefly(loop);
        assertEquals("first", g.exception().getMessage());
        f[1].setException(new IllegalStateException("second"));
        f[2].setException(new IllegalStateException("third"));
        runBriefly(loop);
    }

    @Test
    void d2_otherChildrenKeepRunningAfterTheFirstFailure() {
        List<String> log = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Task<String> slow = createTask(() -> {
                sleep(0.1);
                log.add("slow done");
                return "slow";
            });
            Coroutine<String> bad = () -> {
                throw new IllegalArgumentException("bad"); // ValueError
            };
            try {
                gather(bad, slow).await();
                fail("gather must raise");
            } catch (IllegalArgumentException e) {
                log.add("caught " + e.getMessage());
                assertFalse(slow.isDone(), "the sibling is still running");
            }
            assertEquals("slow", slow.await());
            assertFalse(slow.isCancelled());
            return null;
        });
        assertEquals(List.of("caught bad", "slow done"), log);
    }

    @Test
    void d3_returnExceptionsPutsFailuresInTheList() {
        Future<Integer>[] f = futures(4);
        Future<List<Object>> g = gather(Arrays.<Awaitable<?>>asList(f), true);
        AtomicInteger calls = new AtomicInteger();
        g.addDoneCallback(x -> calls.incrementAndGet());
        ArithmeticException exc = new ArithmeticException();
        IllegalStateException exc2 = new IllegalStateException();
        f[1].setResult(1);
        f[2].setException(exc);
        f[0].setResult(3);
        runBriefly(loop);
        assertFalse(g.isDone());
        f[3].setException(exc2);
        runBriefly(loop);
        assertTrue(g.isDone());
        assertEquals(1, calls.get());
        assertEquals(List.of(3, 1, exc, exc2), g.result());
    }

    @Test
    void d3_returnExceptionsPutsCancelledErrorInstancesInTheList() {
        Future<Integer>[] f = futures(6);
        Future<List<Object>> g = gather(Arrays.<Awaitable<?>>asList(f), true);
        AtomicInteger calls = new AtomicInteger();
        g.addDoneCallback(x -> calls.incrementAndGet());
        f[0].setResult(1);
        ArithmeticException zde = new ArithmeticException();
        f[1].setException(zde);
        f[2].cancel();
        runBriefly(loop);
        assertFalse(g.isDone());
        f[3].setResult(3);
        f[4].cancel("five");
        IllegalStateException rte = new IllegalStateException();
        f[5].setException(rte);
        List<Object> res = new ArrayList<>(loop.runUntilComplete(g));
        assertInstanceOf(CancelledError.class, res.get(2));
        assertInstanceOf(CancelledError.class, res.get(4));
        assertEquals("five", ((CancelledError) res.get(4)).getMessage());
        res.set(2, null);
        res.set(4, null);
        assertEquals(Arrays.asList(1, zde, null, 3, null, rte), res);
        assertEquals(1, calls.get());
    }

    @Test
    void d4_aCancelledChildIsAnErrorNotACancellationOfGather() {
        Future<Integer>[] f = futures(5);
        Future<List<Object>> g = gather(f[0], f[1], f[2], f[3], f[4]);
        AtomicInteger calls = new AtomicInteger();
        g.addDoneCallback(x -> calls.incrementAndGet());
        f[0].setResult(1);
        f[1].cancel("bye");
        runBriefly(loop);
        assertTrue(g.isDone());
        assertEquals(1, calls.get());
        assertFalse(g.isCancelled());
        CancelledError e = assertInstanceOf(CancelledError.class, g.exception());
        assertEquals("bye", e.getMessage());
        assertFalse(f[0].isCancelled());
        assertFalse(f[2].isCancelled());
        // does nothing
        f[2].setResult(3);
        f[3].cancel();
        f[4].setException(new IllegalStateException());
        runBriefly(loop);
        assertEquals(1, calls.get());
    }

    @Test
    void d5_cancellingGatherCancelsTheChildrenAndEndsWithACancelledErrorException() {
        Future<Integer>[] f = futures(2);
        Future<List<Integer>> g = gather(List.of(f[0], f[1]), true);
        assertTrue(g.cancel("m"));
        runBriefly(loop);
        runBriefly(loop);
        assertTrue(f[0].isCancelled());
        assertTrue(f[1].isCancelled());
        assertTrue(g.isDone());
        assertFalse(g.isCancelled(), "asyncio sets the CancelledError as gather's exception");
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(() -> g.await()));
        assertEquals("m", e.getMessage());
        assertFalse(g.cancel(), "a done gather refuses cancel()");
    }

    @Test
    void d5_cancellingATaskAwaitingGatherCancelsTheChildren() {
        AtomicInteger proof = new AtomicInteger();
        Future<Object> waiter = loop.createFuture();
        Coroutine<Object> inner = () -> {
            waiter.await();
            proof.incrementAndGet();
            return null;
        };
        Task<Object> child1 = loop.createTask(inner);
        Task<Object> child2 = loop.createTask(inner);
        List<Future<List<Object>>> gatherer = new ArrayList<>();
        Task<Object> f = loop.createTask(() -> {
            Future<List<Object>> g = gather(child1, child2);
            gatherer.add(g);
            g.await();
            proof.addAndGet(100);
            return null;
        });
        runBriefly(loop);
        assertTrue(f.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
        assertFalse(gatherer.get(0).cancel());
        assertTrue(waiter.isCancelled());
        assertTrue(child1.isCancelled());
        assertTrue(child2.isCancelled());
        runBriefly(loop);
        assertEquals(0, proof.get());
    }

    @Test
    void d6_gatherRefusesLateCancellation() {
        Future<Integer> fut = loop.createFuture();
        Future<List<Object>> gatherTask = loop.runUntilComplete(() -> {
            // the indirection through a coroutine keeps gather from being done when fut is
            Coroutine<Integer> childCoro = fut::await;
            return ensureFuture(gather(childCoro));
        });
        boolean[] cancelResult = {true};
        fut.addDoneCallback(x -> cancelResult[0] = gatherTask.cancel());
        fut.setResult(42);
        loop.runUntilComplete(gatherTask);
        assertFalse(cancelResult[0]);
        assertFalse(gatherTask.isCancelled());
        assertEquals(List.of(42), gatherTask.result());
    }

    @Test
    void d7_duplicateAwaitablesAreWrappedOnce() {
        AtomicInteger runs = new AtomicInteger();
        Coroutine<String> c = () -> {
            runs.incrementAndGet();
            return "abc";
        };
        List<Object> r = loop.runUntilComplete(() -> gather(c, c, () -> "def", c).await());
        assertEquals(List.of("abc", "abc", "def", "abc"), r);
        assertEquals(1, runs.get());
    }

    @Test
    void d7_emptyGatherIsADoneFutureOnTheRunningLoop() {
        Future<List<Object>> g = loop.runUntilComplete(() -> gather());
        assertTrue(g.isDone());
        assertEquals(List.of(), g.result());
        assertSame(loop, g.getLoop());
    }

    @Test
    void d7_futuresOfTwoLoopsAreRejected() {
        try (VirtualTimeLoop other = VirtualTimeLoop.create()) {
            Future<Object> fut1 = loop.createFuture();
            Future<Object> fut2 = other.createFuture();
            assertThrows(IllegalArgumentException.class, () -> gather(fut1, fut2));
        }
    }
}
