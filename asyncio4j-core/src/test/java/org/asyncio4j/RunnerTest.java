package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Conformance cases I1 and I4 (asyncio.run and Runner) of conformance-cases.md. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RunnerTest {

    @Test
    void i1_runReturnsTheResult() {
        assertEquals(42, run(() -> {
            sleep(0);
            return 42;
        }));
    }

    @Test
    void i1_runPropagatesTheFailure() {
        IllegalArgumentException spam = new IllegalArgumentException("spam"); // ValueError('spam')
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(() -> {
            throw spam;
        }));
        assertSame(spam, e);
    }

    @Test
    void i1_runAcceptsOnlyCoroutines() {
        // run(1) and run(lambda: 0) are errors in Python; in Java only a Coroutine (or an
        // AsyncRunnable) type-checks, and null is rejected.
        assertThrows(NullPointerException.class, () -> run((Coroutine<Object>) null));
    }

    @Test
    void i1_runCannotBeCalledFromARunningLoop() {
        IllegalStateException e = run(() -> {
            try {
                run(() -> 1);
                return null;
            } catch (IllegalStateException expected) {
                return expected;
            }
        });
        assertNotNull(e);
        assertTrue(e.getMessage().startsWith("asyncio.run() cannot be called from a running event loop"), e.getMessage());
    }

    @Test
    void runUsesANewLoopEachTimeAndClosesIt() {
        List<EventLoop> loops = new ArrayList<>();
        run(() -> loops.add(getRunningLoop()));
        run(() -> loops.add(getRunningLoop()));
        assertNull(Asyncio.currentLoopOrNull(), "run() unsets the current loop it set");
        assertNotSame(loops.get(0), loops.get(1));
        assertTrue(loops.get(0).isClosed());
        assertTrue(loops.get(1).isClosed());
    }

    @Test
    void runCancelsLeftoverTasksAndReportsTheirFailures() {
        VirtualTimeLoop loop = VirtualTimeLoop.create();
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        AtomicInteger cancelled = new AtomicInteger();
        IllegalStateException cleanupFailure = new IllegalStateException("cleanup failed");
        Task<?>[] failing = new Task<?>[1];
        String r = run(() -> {
            createTask(() -> {
                try {
                    sleep(100);
                } catch (CancelledError e) {
                    cancelled.incrementAndGet();
                    throw e;
                }
            });
            failing[0] = createTask(() -> {
                try {
                    sleep(100);
                } catch (CancelledError e) {
                    throw cleanupFailure;
                }
            });
            sleep(0);
            return "main done";
        }, () -> loop);
        assertEquals("main done", r);
        assertEquals(1, cancelled.get());
        assertTrue(loop.isClosed());
        assertEquals(1, reports.size());
        ExceptionContext ctx = reports.get(0);
        assertEquals("unhandled exception during asyncio.run() shutdown", ctx.message());
        assertSame(cleanupFailure, ctx.exception());
        assertSame(failing[0], ctx.task());
        assertEquals(0.0, loop.time(), "the leftover sleeps were cancelled, not waited for");
    }

    private static final ContextVar<Integer> CVAR = new ContextVar<>("cvar", -1);

    private static int setAndReturnOld(int val) {
        int old = CVAR.get();
        sleep(0);
        CVAR.set(val);
        return old;
    }

    @Test
    void i4_aRunnerReusesOneLoopAndOneContext() {
        EventLoop loop;
        try (Runner runner = new Runner()) {
            assertEquals("done", runner.run(() -> {
                sleep(0);
                return "done";
            }));
            loop = runner.getLoop();
            assertSame(loop, runner.run(Asyncio::getRunningLoop));
            assertEquals(-1, runner.run(() -> setAndReturnOld(1)));
            assertEquals(1, runner.run(() -> setAndReturnOld(2)));
            assertEquals(2, runner.run(Context::copyContext).get(CVAR));
            assertSame(loop, getEventLoop(), "a runner without a loop factory sets its loop as the current one (once)");
            assertFalse(loop.isClosed());
        }
        assertTrue(loop.isClosed());
        assertThrows(IllegalStateException.class, Asyncio::getEventLoop, "and unsets it when it closes");
        assertEquals(-1, CVAR.get(), "the runner's context is its own copy");
    }

    @Test
    void i4_aCustomLoopFactoryIsCalledOnceAndItsLoopIsNotMadeCurrent() {
        AtomicInteger calls = new AtomicInteger();
        VirtualTimeLoop made = VirtualTimeLoop.create();
        try (Runner runner = new Runner(() -> {
            calls.incrementAndGet();
            return made;
        })) {
            assertSame(made, runner.getLoop());
            assertEquals(1, runner.run(() -> 1));
            assertEquals(2, runner.run(() -> 2));
            assertEquals(1, calls.get());
            assertNull(Asyncio.currentLoopOrNull());
        }
        assertTrue(made.isClosed());
    }

    @Test
    void aClosedRunnerRefusesWork() {
        Runner runner = new Runner();
        runner.run(() -> null);
        runner.close();
        runner.close(); // idempotent
        assertEquals("Runner is closed", assertThrows(IllegalStateException.class, () -> runner.run(() -> null)).getMessage());
        assertEquals("Runner is closed", assertThrows(IllegalStateException.class, runner::getLoop).getMessage());
    }

    @Test
    void closingANeverUsedRunnerCreatesNoLoop() {
        AtomicInteger calls = new AtomicInteger();
        Runner runner = new Runner(() -> {
            calls.incrementAndGet();
            return VirtualTimeLoop.create();
        });
        runner.close();
        assertEquals(0, calls.get());
        assertThrows(IllegalStateException.class, runner::getLoop);
    }

    @Test
    void runnerRunCannotBeCalledFromARunningLoopAndDoesNotStartTheCoroutine() {
        AtomicInteger started = new AtomicInteger();
        try (Runner runner = new Runner(VirtualTimeLoop::create)) {
            IllegalStateException e = run(() -> {
                try {
                    runner.run(() -> started.incrementAndGet());
                    return null;
                } catch (IllegalStateException expected) {
                    return expected;
                }
            });
            assertNotNull(e);
            assertEquals("Runner.run() cannot be called from a running event loop", e.getMessage());
        }
        assertEquals(0, started.get());
    }
}
