package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Misuse gets a clear error, and nothing hangs. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MisuseTest {
    private final VirtualTimeLoop loop = VirtualTimeLoop.create();
    private final List<ExceptionContext> reports = new ArrayList<>();

    MisuseTest() {
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void awaitOnAPlainThreadFails() {
        Future<Object> f = loop.createFuture();
        IllegalStateException e = assertThrows(IllegalStateException.class, f::await);
        assertEquals("await() called outside a coroutine: run it inside Asyncio.run(...) or a task,"
                + " or call NestAsyncio.apply() first to await at the top level (jshell, notebooks)", e.getMessage());
        f.setResult("done");
        assertEquals("done", f.await(), "awaiting a done future never suspends, so it works anywhere");
    }

    @Test
    void awaitInAPlainLoopCallbackFails() {
        Future<Object> f = loop.createFuture();
        List<Throwable> errors = new ArrayList<>();
        loop.callSoon(() -> {
            try {
                f.await();
            } catch (IllegalStateException e) {
                errors.add(e);
            }
            try {
                sleep(1);
            } catch (IllegalStateException e) {
                errors.add(e);
            }
            loop.stop();
        });
        loop.runForever();
        assertEquals(2, errors.size());
        assertTrue(errors.get(0).getMessage().startsWith("await() called outside a coroutine: this code runs in a plain callback"),
                errors.get(0).getMessage());
        assertTrue(errors.get(1).getMessage().startsWith("sleep() called outside a coroutine: this code runs in a plain callback"),
                errors.get(1).getMessage());
    }

    @Test
    void callingTheLoopFromAForeignThreadWhileItRunsFails() {
        List<Throwable> errors = loop.runUntilComplete(() -> {
            CompletableFuture<List<Throwable>> done = new CompletableFuture<>();
            Thread.ofPlatform().name("intruder").start(() -> {
                List<Throwable> es = new ArrayList<>();
                for (Runnable call : List.<Runnable>of(
                        () -> loop.callSoon(() -> {}),
                        () -> loop.createTask(() -> null),
                        () -> Task.create(loop, () -> null, null, null, false),
                        () -> loop.runInExecutor(null, () -> null))) {
                    try {
                        call.run();
                        es.add(null);
                    } catch (Throwable t) {
                        es.add(t);
                    }
                }
                done.complete(es);
            });
            return wrapFuture(done).await();
        });
        for (Throwable t : errors) {
            assertInstanceOf(IllegalStateException.class, t);
            assertTrue(t.getMessage().contains("was called from thread 'intruder' while the loop runs in"), t.getMessage());
            assertTrue(t.getMessage().contains("use callSoonThreadsafe or runCoroutineThreadsafe"), t.getMessage());
        }
    }

    @Test
    void aTaskCannotAwaitItself() {
        Task<?>[] self = new Task<?>[1];
        self[0] = loop.createTask(() -> self[0].await());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(self[0]));
        assertTrue(e.getMessage().startsWith("Task cannot await on itself"), e.getMessage());
    }

    @Test
    void aTaskCannotAwaitAFutureOfAnotherLoop() {
        try (VirtualTimeLoop other = VirtualTimeLoop.create()) {
            Future<Object> foreign = other.createFuture();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(foreign::await));
            assertTrue(e.getMessage().matches("Task .* got Future .* attached to a different loop"), e.getMessage());
        }
    }

    @Test
    void aCallbackThatThrowsGoesToTheHandlerAndTheLoopContinues() {
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            throw new CancelledError("even a cancellation");
        });
        loop.callSoon(() -> log.add("still running"));
        Support.runOnce(loop);
        assertEquals(List.of("still running"), log);
        assertEquals(1, reports.size());
        assertInstanceOf(CancelledError.class, reports.get(0).exception());
    }

    @Test
    void aRejectedExecutorCallLeavesNoPendingIoBehind() {
        ExecutorService ex = Executors.newSingleThreadExecutor();
        ex.shutdown();
        loop.runUntilComplete(() -> {
            assertThrows(RejectedExecutionException.class, () -> getRunningLoop().runInExecutor(ex, () -> 1));
            return null;
        });
        // were the rejected call still counted as pending, the virtual clock would really wait 1000 s
        loop.runUntilComplete(() -> sleep(1000, null));
        assertEquals(1000.0, loop.time());
    }

    @Test
    void anUnretrievedTaskFailureIsReportedWhenTheTaskIsCollected() {
        IllegalStateException failure = startAndForgetAFailingTask();
        assertTrue(Support.gcUntil(() -> !reports.isEmpty(), 50, () -> Support.runBriefly(loop)),
                "no 'Task exception was never retrieved' report");
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).message().startsWith("Task exception was never retrieved"), reports.get(0).message());
        assertSame(failure, reports.get(0).exception());
    }

    private IllegalStateException startAndForgetAFailingTask() {
        IllegalStateException failure = new IllegalStateException("nobody looked");
        loop.runUntilComplete(() -> {
            createTask(() -> {
                throw failure;
            });
            sleep(0);
            sleep(0);
            return null;
        });
        return failure;
    }

    @Test
    void aRetrievedTaskFailureIsNotReported() {
        retrieveAFailure();
        Future<Object> control = loop.createFuture();
        control.setException(new IllegalStateException("control"));
        control = null;
        assertTrue(Support.gcUntil(() -> !reports.isEmpty(), 50, () -> Support.runBriefly(loop)));
        for (int i = 0; i < 3; i++) {
            System.gc();
            Support.runBriefly(loop);
        }
        assertEquals(1, reports.size(), reports.toString());
        assertEquals("control", reports.get(0).exception().getMessage());
    }

    private void retrieveAFailure() {
        Task<Object> t = loop.createTask(() -> {
            throw new IllegalStateException("seen");
        });
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
    }

    /** A coroutine frame with a recognisable name. */
    private static Object parkedInHere(Future<Object> f) {
        return f.await();
    }

    @Test
    void printStackOfASuspendedTaskShowsTheCoroutinesFrame() {
        Future<Object> f = loop.createFuture();
        Task<Object> t = loop.createTask(() -> parkedInHere(f), "parked");
        Support.runBriefly(loop);
        String printed = printStack(t);
        assertTrue(printed.startsWith("Stack for <Task pending name='parked'"), printed);
        assertTrue(printed.contains("MisuseTest.parkedInHere("), printed);
        StackTraceElement[] stack = t.getStack();
        assertEquals(Future.class.getName() + ".await", stack[0].getClassName() + "." + stack[0].getMethodName(),
                "the innermost frame is the suspending call, without the engine's frames above it: " + printed);
        assertEquals("parkedInHere", stack[1].getMethodName());
        for (StackTraceElement frame : stack) {
            assertFalse(frame.getClassName().startsWith("org.asyncio4j.internal.") || frame.getClassName().startsWith("jdk.internal.")
                    || frame.getClassName().startsWith(Task.class.getName()) || frame.getClassName().startsWith("java.util.concurrent.locks."),
                    "machinery frame " + frame + " in " + printed);
        }
        f.setResult("x");
        loop.runUntilComplete(t);
        assertTrue(printStack(t).startsWith("No stack for <Task finished name='parked'"), printStack(t));
    }

    @Test
    void printStackOfAFailedTaskShowsTheTraceback() {
        Task<Object> t = loop.createTask(() -> {
            throw new IllegalStateException("failed here");
        }, "failing");
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
        String printed = printStack(t);
        assertTrue(printed.startsWith("Traceback for <Task finished name='failing'"), printed);
        assertTrue(printed.contains("java.lang.IllegalStateException: failed here"), printed);
    }

    private static String printStack(Task<?> t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        t.printStack(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static final ContextVar<String> VAR = new ContextVar<>("var", "default");

    @Test
    void aContextEnteredByACoroutineStaysCurrentAcrossItsSuspensions() {
        List<String> seen = loop.runUntilComplete(() -> {
            List<String> s = new ArrayList<>();
            VAR.set("task");
            Context inner = new Context();
            inner.run((Runnable) () -> {
                VAR.set("inner");
                sleep(0);
                s.add(VAR.get());
                sleep(0.5);
                s.add(VAR.get());
            });
            s.add(VAR.get());
            return s;
        });
        assertEquals(List.of("inner", "inner", "task"), seen);
    }
}
