package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Conformance cases I8 (toThread) and I9 (runCoroutineThreadsafe) of conformance-cases.md. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThreadBridgeTest {
    private final VirtualTimeLoop loop = VirtualTimeLoop.create();

    @AfterEach
    void closeLoop() {
        loop.shutdownDefaultExecutor(10);
        loop.close();
    }

    @Test
    void i8_toThreadRunsTheFunctionOnAnotherThread() {
        Thread[] threads = new Thread[2];
        int r = loop.runUntilComplete(() -> {
            threads[0] = Thread.currentThread();
            return toThread(() -> {
                threads[1] = Thread.currentThread();
                return 40 + 2;
            });
        });
        assertEquals(42, r);
        assertNotSame(threads[0], threads[1]);
    }

    @Test
    void i8_toThreadPropagatesTheExceptionAndCallsOnce() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(() -> toThread(() -> {
            calls.incrementAndGet();
            throw boom;
        })));
        assertSame(boom, e);
        assertEquals(1, calls.get());
    }

    @Test
    void i8_concurrentToThreadCallsAllRun() {
        AtomicInteger calls = new AtomicInteger();
        loop.runUntilComplete(() -> {
            List<Task<Integer>> futs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                futs.add(createTask(() -> toThread(calls::incrementAndGet)));
            }
            return gather(futs, false).await();
        });
        assertEquals(10, calls.get());
    }

    private static final ContextVar<String> TEST_CTX = new ContextVar<>("test_ctx");

    @Test
    void i8_toThreadSeesTheCallersContextVariables() {
        String r = loop.runUntilComplete(() -> {
            TEST_CTX.set("parrot");
            return toThread(TEST_CTX::get);
        });
        assertEquals("parrot", r);
    }

    /** CPython's RunCoroutineThreadsafeTests.add: waits 0.05 s, then returns a + b. */
    private static int add(int a, int b, boolean fail, boolean cancel) {
        sleep(0.05);
        if (fail) {
            throw new IllegalStateException("Fail!"); // RuntimeError
        }
        if (cancel) {
            currentTask().cancel();
            sleep(0);
        }
        return a + b;
    }

    /** Runs on an executor thread: submits add() to the loop and waits for it. */
    private int target(boolean fail, boolean cancel, Long timeoutMillis) throws Exception {
        CompletableFuture<Integer> future = runCoroutineThreadsafe(() -> add(1, 2, fail, cancel), loop);
        try {
            return timeoutMillis == null ? future.get() : future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        } finally {
            if (!future.isDone()) {
                future.cancel(false);
            }
        }
    }

    @Test
    void i9_runCoroutineThreadsafeReturnsTheResult() {
        assertEquals(3, loop.runUntilComplete(loop.runInExecutor(null, () -> target(false, false, null))));
    }

    @Test
    void i9_runCoroutineThreadsafePropagatesTheException() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> loop.runUntilComplete(loop.runInExecutor(null, () -> target(true, false, null))));
        assertEquals("Fail!", e.getMessage());
    }

    @Test
    void i9_aTimeoutCancelsTheTask() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> loop.runUntilComplete(loop.runInExecutor(null, () -> target(false, false, 0L))));
        assertInstanceOf(TimeoutException.class, e.getCause(), "a checked failure arrives wrapped in CompletionException");
        Support.runBriefly(loop);
        assertEquals(java.util.Set.of(), ((BaseEventLoop) loop).pendingTasks(), "the task was cancelled (or never started)");
    }

    @Test
    void i9_aTaskCancellingItselfCancelsTheCompletableFuture() {
        // asyncio raises CancelledError (concurrent.futures.CancelledError is the same class); the Java
        // bridge translates a cancelled task to java.util.concurrent.CancellationException.
        assertThrows(CancellationException.class,
                () -> loop.runUntilComplete(loop.runInExecutor(null, () -> target(false, true, null))));
    }

    private static final class NameError extends RuntimeException {
        NameError() {
            super("name 'x' is not defined");
        }
    }

    @Test
    void i9_aFailingTaskFactoryFailsTheFutureAndIsReportedOnce() {
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        loop.setTaskFactory(new TaskFactory() {
            @Override
            public <T> Task<T> create(EventLoop l, Coroutine<T> coro, String name, Context context) {
                throw new NameError();
            }
        });
        NameError e = assertThrows(NameError.class,
                () -> loop.runUntilComplete(loop.runInExecutor(null, () -> target(false, false, null))));
        assertEquals(1, reports.size());
        assertSame(e, reports.get(0).exception());
    }
}
