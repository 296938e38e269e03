package org.asyncio4j;

import static org.asyncio4j.Support.runBriefly;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Conformance cases B (futures) of conformance-cases.md. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FutureTest {
    private final VirtualTimeLoop loop = VirtualTimeLoop.create();
    private final List<Object> bag = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private Consumer<Future<String>> adds(Object thing) {
        return f -> bag.add(thing);
    }

    @Test
    void b4_doneCallbacksRunInRegistrationOrder() {
        Future<String> f = loop.createFuture();
        f.addDoneCallback(adds(42));
        f.addDoneCallback(adds(17));
        assertEquals(List.of(), bag);
        f.setResult("foo");
        assertEquals(List.of(), bag, "done-callbacks never run inline");
        runBriefly(loop);
        assertEquals(List.of(42, 17), bag);
        assertEquals("foo", f.result());
    }

    @Test
    void b4_removeDoneCallbackRemovesEveryRegistrationAndCountsThem() {
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> cb1 = adds(1);
        Consumer<Future<String>> cb2 = adds(2);
        Consumer<Future<String>> cb3 = adds(3);
        f.addDoneCallback(cb1);
        f.addDoneCallback(cb2);
        assertEquals(1, f.removeDoneCallback(cb2));
        assertEquals(0, f.removeDoneCallback(cb3));
        f.addDoneCallback(cb2);
        for (int i = 0; i < 5; i++) {
            f.addDoneCallback(cb1);
        }
        assertEquals(6, f.removeDoneCallback(cb1));
        assertEquals(List.of(), bag);
        f.setResult("foo");
        runBriefly(loop);
        assertEquals(List.of(2), bag);
        assertEquals("foo", f.result());
    }

    @Test
    void b4_removingTheFirstSecondOrThirdCallback() {
        assertEquals(List.of(17, 100), runWithRemoved(0));
        assertEquals(List.of(100), runWithRemoved(0, 1));
        assertEquals(List.of(42, 17), runWithRemoved(2));
        assertEquals(List.of(42, 100), runWithRemoved(1));
    }

    private List<Object> runWithRemoved(int... which) {
        bag.clear();
        Future<String> f = loop.createFuture();
        List<Consumer<Future<String>>> cbs = List.of(adds(42), adds(17), adds(100));
        cbs.forEach(f::addDoneCallback);
        for (int i : which) {
            assertEquals(1, f.removeDoneCallback(cbs.get(i)));
            assertEquals(0, f.removeDoneCallback(cbs.get(i)));
        }
        f.setResult("foo");
        runBriefly(loop);
        return new ArrayList<>(bag);
    }

    @Test
    void b5_callbacksAreDeferredAndFollowCompletionOrder() {
        List<String> log = loop.runUntilComplete(() -> {
            List<String> l = new ArrayList<>();
            Future<String> done = loop.createFuture();
            done.setResult("x");
            done.addDoneCallback(x -> l.add("cb"));
            l.add("after add");
            Asyncio.sleep(0);
            Future<String> a = loop.createFuture();
            Future<String> b = loop.createFuture();
            a.addDoneCallback(x -> l.add("a1"));
            b.addDoneCallback(x -> l.add("b1"));
            a.addDoneCallback(x -> l.add("a2"));
            b.setResult("b");
            a.setResult("a");
            Asyncio.sleep(0);
            return l;
        });
        assertEquals(List.of("after add", "cb", "b1", "a1", "a2"), log);
    }

    /** A callback whose equals() mutates the future's callback list (bpo-28963, bpo-30828, gh-97592). */
    private static final class Evil implements Consumer<Future<String>> {
        private final Runnable onEquals;
        private final boolean answer;
        private boolean comparing;

        Evil(Runnable onEquals, boolean answer) {
            this.onEquals = onEquals;
            this.answer = answer;
        }

        @Override
        public void accept(Future<String> f) {}

        @Override
        public boolean equals(Object o) {
            if (!comparing) { // the mutation may compare this callback again
                comparing = true;
                try {
                    onEquals.run();
                } finally {
                    comparing = false;
                }
            }
            return answer;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    @Test
    void b6_removeDoneCallbackSurvivesCallbacksThatMutateTheList() {
        Future<String> fut = loop.createFuture();
        Consumer<Future<String>> str = f -> bag.add("str");
        Consumer<Future<String>> id = f -> bag.add("id");
        fut.addDoneCallback(str);
        for (int i = 0; i < 63; i++) {
            fut.addDoneCallback(id);
        }
        // removal while comparing
        fut.addDoneCallback(new Evil(() -> fut.removeDoneCallback(id), false));
        assertEquals(0, fut.removeDoneCallback(f -> {}));
        // removal of the very callback being compared
        Evil[] self = new Evil[1];
        self[0] = new Evil(() -> fut.removeDoneCallback(self[0]), true);
        fut.addDoneCallback(self[0]);
        assertDoesNotThrow(() -> fut.removeDoneCallback(f -> {}));
        // additions while comparing (bounded)
        int[] extra = {0};
        fut.addDoneCallback(new Evil(() -> {
            if (++extra[0] < 100) {
                fut.addDoneCallback(id);
            }
        }, false));
        assertDoesNotThrow(() -> fut.removeDoneCallback(f -> {}));
        fut.setResult("done");
        runBriefly(loop);
        assertTrue(bag.contains("str"), "the untouched callback still runs: " + bag);
    }

    @Test
    void b6_callbacksThatMutateTheListWhileBeingScheduled() {
        Future<String> fut = loop.createFuture();
        Consumer<Future<String>> str = f -> bag.add("str");
        fut.addDoneCallback(f -> f.removeDoneCallback(str));
        fut.addDoneCallback(str);
        fut.addDoneCallback(str);
        fut.setResult("x");
        runBriefly(loop);
        assertEquals(List.of("str", "str"), bag, "callbacks were scheduled when the future completed");
    }

    @Test
    void b8_cancellingTheWrapperCancelsAPendingCompletableFuture() {
        CompletableFuture<Integer> cf = new CompletableFuture<>();
        Future<Integer> f = loop.runUntilComplete(() -> Asyncio.wrapFuture(cf));
        assertTrue(f.cancel());
        runBriefly(loop);
        assertTrue(f.isCancelled());
        assertTrue(cf.isCancelled());
    }

    @Test
    void b8_aCompletableFutureThatHasAResultStaysUncancelled() {
        CompletableFuture<Integer> cf = new CompletableFuture<>();
        Future<Integer> f = loop.runUntilComplete(() -> Asyncio.wrapFuture(cf));
        cf.complete(42);
        assertTrue(f.cancel());
        runBriefly(loop);
        assertFalse(cf.isCancelled());
        assertEquals(42, cf.join());
        assertTrue(f.isCancelled());
    }

    @Test
    void b8_awaitingAWrappedExecutorFutureGivesItsResult() {
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            String r = loop.runUntilComplete(() -> Asyncio.wrapFuture(CompletableFuture.supplyAsync(() -> "from executor", ex)).await());
            assertEquals("from executor", r);
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void b8_aCancelledCompletableFutureCancelsTheWrapper() {
        CompletableFuture<Integer> cf = new CompletableFuture<>();
        Future<Integer> f = loop.runUntilComplete(() -> Asyncio.wrapFuture(cf));
        cf.cancel(false);
        runBriefly(loop);
        assertTrue(f.isCancelled());
    }

    @Test
    void futureStateMachine() {
        Future<String> f = loop.createFuture();
        assertFalse(f.isDone());
        assertThrows(InvalidStateException.class, f::result);
        assertThrows(InvalidStateException.class, f::exception);
        f.setResult("r");
        assertTrue(f.isDone());
        assertFalse(f.isCancelled());
        assertThrows(InvalidStateException.class, () -> f.setResult("again"));
        assertThrows(InvalidStateException.class, () -> f.setException(new RuntimeException()));
        assertFalse(f.cancel());
        assertNull(f.exception());
        assertEquals("r", f.result());

        Future<String> c = loop.createFuture();
        assertTrue(c.cancel("why"));
        assertTrue(c.isCancelled());
        assertEquals("why", assertThrows(CancelledError.class, c::result).getMessage());
        assertEquals("why", assertThrows(CancelledError.class, c::exception).getMessage());
        assertFalse(c.cancel());

        Future<String> e = loop.createFuture();
        Exception checked = new java.io.IOException("io");
        e.setException(checked);
        java.util.concurrent.CompletionException wrapped = assertThrows(java.util.concurrent.CompletionException.class, e::result);
        assertSame(checked, wrapped.getCause(), "a checked failure arrives wrapped, with the original as cause");
        assertSame(checked, e.exception());
    }
}
