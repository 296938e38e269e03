package org.asyncio4j;

import static org.asyncio4j.Support.runOnce;
import static org.asyncio4j.Support.yield0;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.asyncio4j.Support.LogCapture;
import org.asyncio4j.Support.ManualClockLoop;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Conformance cases A (event-loop core and scheduling) of conformance-cases.md. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventLoopTest {

    @Test
    void a1_callSoonIsFifoAndRespectsIterationBoundaries() {
        List<String> log = new ArrayList<>();
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            loop.callSoon(() -> {
                log.add("a");
                loop.callSoon(() -> log.add("a2"));
            });
            loop.callSoon(() -> log.add("b"));
            loop.callSoon(loop::stop);
            loop.runForever();
            assertEquals(List.of("a", "b"), log, "a2 was scheduled during the iteration: it must wait for the next one");
            loop.runUntilComplete(yield0());
            assertEquals(List.of("a", "b", "a2"), log);
        }
    }

    @Test
    void a2_callSoonThreadsafeIsFifoWithCallSoon_sameThread() {
        List<String> results = new ArrayList<>();
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            loop.callSoonThreadsafe(() -> addAndStopAfterTwo(loop, results, "hello"));
            loop.callSoon(() -> addAndStopAfterTwo(loop, results, "world"));
            loop.runForever();
        }
        assertEquals(List.of("hello", "world"), results);
    }

    @Test
    void a2_callSoonThreadsafeIsFifoWithCallSoon_otherThread() throws Exception {
        List<String> results = new ArrayList<>();
        try (EventLoop loop = Asyncio.newEventLoop()) {
            CountDownLatch enqueued = new CountDownLatch(1);
            Thread t = Thread.ofPlatform().start(() -> {
                loop.callSoonThreadsafe(() -> addAndStopAfterTwo(loop, results, "hello"));
                enqueued.countDown();
            });
            assertTrue(enqueued.await(10, TimeUnit.SECONDS));
            loop.callSoon(() -> addAndStopAfterTwo(loop, results, "world"));
            loop.runForever();
            t.join();
        }
        assertEquals(List.of("hello", "world"), results);
    }

    @Test
    void a2_callSoonThreadsafeWakesALoopBlockedInPoll() throws Exception {
        try (EventLoop loop = Asyncio.newEventLoop()) {
            CountDownLatch running = new CountDownLatch(1);
            // the loop has nothing else to do after this callback: it blocks in poll with no timeout
            loop.callSoon(running::countDown);
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    running.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                loop.callSoonThreadsafe(loop::stop);
            });
            loop.runForever();
            t.join();
            assertFalse(loop.isRunning());
        }
    }

    private static void addAndStopAfterTwo(EventLoop loop, List<String> results, String s) {
        results.add(s);
        if (results.size() >= 2) {
            loop.stop();
        }
    }

    @Test
    void a4_timerDoesNotFireEarly() {
        try (EventLoop loop = Asyncio.newEventLoop()) {
            long n0 = System.nanoTime();
            double t0 = loop.time();
            loop.callAt(t0 + 0.1, loop::stop);
            loop.runForever();
            double elapsed = loop.time() - t0;
            assertTrue(elapsed >= 0.1, "the timer fired early, after " + elapsed + " s");
            assertTrue((System.nanoTime() - n0) / 1e9 >= 0.1, "the loop's clock is System.nanoTime");
            assertTrue(elapsed < 1.1, "the timer fired very late: " + elapsed);
        }
    }

    @Test
    void a4_noneDelayIsRejected() {
        // Python's call_later(None)/call_at(None) raise TypeError. A Java double cannot be null: the
        // Duration overload rejects null, and NaN (the only "not a time" double) is rejected too.
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            assertThrows(NullPointerException.class, () -> loop.callLater((Duration) null, () -> {}));
            IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class, () -> loop.callLater(Double.NaN, () -> {}));
            assertTrue(e1.getMessage().contains("NaN"), e1.getMessage());
            IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> loop.callAt(Double.NaN, () -> {}));
            assertTrue(e2.getMessage().contains("NaN"), e2.getMessage());
            assertThrows(NullPointerException.class, () -> loop.callLater(1, null));
        }
    }

    @Test
    void a5_equalDeadlineTimersRunInSchedulingOrder() {
        List<Integer> log = new ArrayList<>();
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            double when = loop.time() + 1;
            for (int i = 0; i < 20; i++) {
                int n = i;
                loop.callAt(when, () -> log.add(n));
            }
            loop.callAt(when, loop::stop);
            loop.runForever();
            assertEquals(1.0, loop.time());
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(i);
        }
        assertEquals(expected, log);
    }

    @Test
    void a6_cancelledHandlesNeverRunAndCancelledTimersLeaveTheHeap() {
        List<String> log = new ArrayList<>();
        try (ManualClockLoop loop = new ManualClockLoop()) {
            Handle h = loop.callSoon(() -> log.add("x"));
            h.cancel();
            TimerHandle h1 = loop.callLater(5, () -> log.add("h1"));
            h1.cancel();
            TimerHandle h2 = loop.callLater(10, () -> log.add("h2"));
            assertEquals(2, loop.timerCount());
            runOnce(loop);
            // nothing was ready any more (h is cancelled), so the loop polled until h2, not h1
            assertEquals(List.of(0L), loop.pollTimeouts, "stop() before runForever polls with timeout 0");
            assertEquals(List.of(), log);
            assertEquals(1, loop.timerCount(), "the cancelled timer at the head must be dropped");
            loop.pollTimeouts.clear();
            loop.callAt(h2.when(), loop::stop);
            loop.runForever(); // nothing is ready: the poll waits for h2
            long t = loop.pollTimeouts.get(0);
            assertTrue(t > 9.5e9 && t < 10.5e9, "poll timeout should be about 10 s, was " + t / 1e9);
            assertEquals(List.of("h2"), log);
        }
    }

    @Test
    void a8_timerCallbackThatCallsCallSoonLeavesTheNewHandleQueued() {
        List<String> log = new ArrayList<>();
        try (ManualClockLoop loop = new ManualClockLoop()) {
            loop.callLater(-1, () -> {
                log.add("timer");
                loop.callSoon(() -> log.add("soon"));
            });
            loop.now = 1;
            loop.pollTimeouts.clear();
            runOnceWithoutStop(loop);
            assertEquals(List.of("timer"), log);
            assertTrue(loop.hasReadyCallbacks(), "the handle scheduled by the timer stays queued");
            runOnce(loop);
            assertEquals(List.of("timer", "soon"), log);
        }
    }

    /** One iteration whose poll timeout is computed normally (stop() is requested from within it). */
    private static void runOnceWithoutStop(BaseEventLoop loop) {
        loop.callSoon(loop::stop);
        loop.runForever();
    }

    @Test
    void a9_stopBeforeRunForeverRunsExactlyOneIterationWithoutWaiting() {
        try (ManualClockLoop loop = new ManualClockLoop()) {
            loop.callLater(10, () -> fail("the timer must not run"));
            loop.stop();
            loop.runForever();
            assertEquals(List.of(0L), loop.pollTimeouts);
            assertFalse(loop.isRunning());
        }
    }

    @Test
    void a9_stopLetsTheCurrentIterationFinish() {
        List<Integer> log = new ArrayList<>();
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            loop.callSoon(loop::stop);
            loop.callSoon(() -> log.add(1));
            loop.callSoon(() -> log.add(2));
            loop.runForever();
        }
        assertEquals(List.of(1, 2), log);
    }

    @Test
    void a10_runUntilCompleteFailsWhenTheLoopIsStoppedEarly() {
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            AtomicInteger x = new AtomicInteger();
            Task<Void> t = loop.createTask(() -> {
                while (x.get() < 10) {
                    Asyncio.sleep(0.1);
                    if (x.incrementAndGet() == 2) {
                        loop.stop();
                    }
                }
                return null;
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
            assertEquals("Event loop stopped before Future completed.", e.getMessage());
            assertFalse(t.isDone());
            assertEquals(2, x.get());
            assertEquals(0.2, loop.time());
            t.cancel();
            assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
            assertTrue(t.isCancelled());
        }
    }

    @Test
    void a11_loopStaysUsableAfterAFatalErrorEscapedFromATask() {
        // KeyboardInterrupt/SystemExit are Java's fatal errors here (Throwables.isFatal): an InternalError.
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            InternalError fatal = new InternalError("fatal");
            InternalError thrown = assertThrows(InternalError.class, () -> loop.runUntilComplete(() -> {
                throw fatal;
            }));
            assertSame(fatal, thrown);
            AtomicInteger called = new AtomicInteger();
            loop.callSoon(() -> loop.callSoon(() -> {
                loop.stop();
                called.incrementAndGet();
            }));
            loop.runForever();
            assertEquals(1, called.get(), "no stale stop() from the failed runUntilComplete may end this run early");
        }
    }

    @Test
    void a11_loopStaysUsableAfterAFatalErrorEscapedFromACallback() {
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            loop.callSoon(() -> {
                throw new InternalError("show stopper");
            });
            Coroutine<String> first = () -> Asyncio.sleep(0.1, "first");
            assertThrows(InternalError.class, () -> loop.runUntilComplete(first));
            // fails if runUntilComplete did not remove the stop callback from the first (orphaned) task
            assertEquals("second", loop.runUntilComplete(() -> Asyncio.sleep(0.2, "second")));
            assertEquals(0.2, loop.time());
        }
    }

    @Test
    void a13_closedLoopRejectsEverything() {
        VirtualTimeLoop loop = VirtualTimeLoop.create();
        Future<Object> fut = loop.createFuture();
        loop.close();
        loop.close();
        loop.close();
        assertTrue(loop.isClosed());
        assertClosed(loop::runForever);
        assertClosed(() -> loop.runUntilComplete(fut));
        assertClosed(() -> loop.runUntilComplete(() -> null));
        assertClosed(() -> loop.callSoon(() -> {}));
        assertClosed(() -> loop.callLater(1, () -> {}));
        assertClosed(() -> loop.callAt(1, () -> {}));
        assertClosed(() -> loop.callSoonThreadsafe(() -> {}));
        assertClosed(() -> loop.createTask(() -> null));
    }

    @Test
    void a13_closedLoopRejectsReadersAndWriters() throws Exception {
        VirtualTimeLoop loop = VirtualTimeLoop.create();
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        try {
            pipe.source().configureBlocking(false);
            pipe.sink().configureBlocking(false);
            loop.close();
            assertClosed(() -> loop.addReader(pipe.source(), () -> {}));
            assertClosed(() -> loop.addWriter(pipe.sink(), () -> {}));
            assertFalse(loop.removeReader(pipe.source()));
            assertFalse(loop.removeWriter(pipe.sink()));
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    private static void assertClosed(org.junit.jupiter.api.function.Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertEquals("Event loop is closed", e.getMessage());
    }

    @Test
    void a13_closingARunningLoopFails() {
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            IllegalStateException e = loop.runUntilComplete(() -> {
                try {
                    loop.close();
                    return null;
                } catch (IllegalStateException expected) {
                    return expected;
                }
            });
            assertNotNull(e);
            assertEquals("Cannot close a running event loop", e.getMessage());
            assertFalse(loop.isClosed());
        }
    }

    @Test
    void a14_callbackExceptionsGoToTheHandlerAndTheLoopContinues() {
        List<ExceptionContext> contexts = new ArrayList<>();
        List<String> log = new ArrayList<>();
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            ExceptionHandler handler = (l, ctx) -> contexts.add(ctx);
            loop.setExceptionHandler(handler);
            assertSame(handler, loop.getExceptionHandler());
            IllegalArgumentException boom = new IllegalArgumentException("boom"); // ValueError
            loop.callSoon(() -> {
                throw boom;
            });
            loop.callSoon(() -> log.add("next"));
            loop.callSoon(loop::stop);
            loop.runForever();
            assertEquals(List.of("next"), log);
            assertEquals(1, contexts.size());
            ExceptionContext ctx = contexts.get(0);
            assertTrue(ctx.message().matches("Exception in callback .*"), ctx.message());
            assertSame(boom, ctx.exception());
            assertNotNull(ctx.handle());
            assertNull(ctx.task());
            assertNull(ctx.future());
            assertNull(ctx.context());

            loop.setExceptionHandler(null);
            assertNull(loop.getExceptionHandler());
            try (LogCapture logs = new LogCapture()) {
                loop.callSoon(() -> {
                    throw boom;
                });
                runOnce(loop);
                LogRecord r = logs.single(Level.SEVERE, "Exception in callback");
                assertSame(boom, r.getThrown());
            }
        }
    }

    /** A loop whose default handler records its contexts, and can be made to fail. */
    static final class RecordingDefaultLoop extends BaseEventLoop {
        final List<ExceptionContext> defaults = new ArrayList<>();
        boolean defaultFails;

        @Override
        public double time() {
            return 0;
        }

        @Override
        public void defaultExceptionHandler(ExceptionContext context) {
            defaults.add(context);
            if (defaultFails) {
                throw new IllegalStateException("default handler is broken too");
            }
        }
    }

    @Test
    void a15_aBrokenHandlerIsReportedThroughTheDefaultHandler() {
        try (RecordingDefaultLoop loop = new RecordingDefaultLoop()) {
            IllegalStateException handlerBug = new IllegalStateException("handler bug"); // AttributeError
            loop.setExceptionHandler((l, ctx) -> {
                throw handlerBug;
            });
            IllegalArgumentException original = new IllegalArgumentException("original");
            loop.callSoon(() -> {
                throw original;
            });
            runOnce(loop);
            assertEquals(1, loop.defaults.size());
            ExceptionContext ctx = loop.defaults.get(0);
            assertEquals("Unhandled error in exception handler", ctx.message());
            assertSame(handlerBug, ctx.exception());
            assertNotNull(ctx.context());
            assertSame(original, ctx.context().exception());
            assertTrue(ctx.context().message().startsWith("Exception in callback"));
        }
    }

    @Test
    void a15_aBrokenDefaultHandlerIsLoggedAndNothingPropagates() {
        try (RecordingDefaultLoop loop = new RecordingDefaultLoop(); LogCapture logs = new LogCapture()) {
            loop.defaultFails = true;
            loop.setExceptionHandler((l, ctx) -> {
                throw new IllegalStateException("handler bug");
            });
            loop.callSoon(() -> {
                throw new IllegalArgumentException("original");
            });
            List<String> after = new ArrayList<>();
            loop.callSoon(() -> after.add("ran"));
            runOnce(loop);
            assertEquals(List.of("ran"), after);
            logs.single(Level.SEVERE, "Exception in default exception handler while handling an unexpected error in custom exception handler");

            loop.setExceptionHandler(null);
            loop.callExceptionHandler(ExceptionContext.of("no custom handler", new IllegalArgumentException()));
            assertEquals(1, logs.at(Level.SEVERE).stream().filter(r -> r.getMessage().equals("Exception in default exception handler")).count(),
                    logs.records.toString());
        }
    }

    @Test
    void a16_configurationArgumentsAreValidated() {
        // set_exception_handler('spam') and set_task_factory(1) are TypeErrors in Python; Java's types
        // reject them at compile time. set_default_executor accepts any ExecutorService here (a Java
        // adaptation: there is no ThreadPoolExecutor-only rule); null is rejected.
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            assertNull(loop.getTaskFactory());
            NullPointerException e = assertThrows(NullPointerException.class, () -> loop.setDefaultExecutor(null));
            assertTrue(e.getMessage().contains("executor"), e.getMessage());
            loop.setTaskFactory(TaskFactory.EAGER_TASK_FACTORY);
            assertSame(TaskFactory.EAGER_TASK_FACTORY, loop.getTaskFactory());
            loop.setTaskFactory(null);
            assertNull(loop.getTaskFactory());
            assertThrows(IllegalArgumentException.class, () -> loop.setSlowCallbackDuration(-1));
            assertThrows(IllegalArgumentException.class, () -> loop.setSlowCallbackDuration(Double.NaN));
        }
    }

    @Test
    void a18_foreignThreadCallsOnARunningLoopAreRejected_withAndWithoutDebug() {
        for (boolean debug : new boolean[] {true, false}) {
            // asyncio raises only in debug mode; asyncio4j always checks (it is cheap, and a call from
            // another thread would corrupt the loop's unsynchronized queues).
            try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
                loop.setDebug(debug);
                List<Throwable> errors = loop.runUntilComplete(() -> {
                    CompletableFuture<List<Throwable>> done = new CompletableFuture<>();
                    Thread.ofPlatform().start(() -> {
                        List<Throwable> es = new ArrayList<>();
                        for (Runnable call : List.<Runnable>of(
                                () -> loop.callSoon(() -> {}),
                                () -> loop.callLater(1, () -> {}),
                                () -> loop.callAt(1, () -> {}),
                                () -> loop.createTask(() -> null))) {
                            try {
                                call.run();
                            } catch (Throwable t) {
                                es.add(t);
                            }
                        }
                        done.complete(es);
                    });
                    return Asyncio.wrapFuture(done).await();
                });
                assertEquals(4, errors.size());
                for (Throwable t : errors) {
                    assertInstanceOf(IllegalStateException.class, t);
                    assertTrue(t.getMessage().startsWith("Non-thread-safe operation invoked on an event loop other than the current one"),
                            t.getMessage());
                    assertTrue(t.getMessage().contains("callSoonThreadsafe"), t.getMessage());
                }
            }
        }
        // Passing a coroutine or a non-callable to callSoon is a compile error in Java (Runnable).
    }

    @Test
    void a18_debugModeLogsSlowCallbacksAndTaskSteps() {
        try (VirtualTimeLoop loop = VirtualTimeLoop.create(); LogCapture logs = new LogCapture()) {
            loop.setDebug(true);
            loop.setSlowCallbackDuration(0);
            Runnable stopLoopCb = new Runnable() {
                @Override
                public void run() {
                    loop.stop();
                }

                @Override
                public String toString() {
                    return "stop_loop_cb";
                }
            };
            loop.callSoon(stopLoopCb);
            loop.runForever();
            loop.runUntilComplete(loop.createTask(() -> null, "slow-task"));
            List<String> warnings = logs.at(Level.WARNING).stream().map(LogRecord::getMessage).toList();
            assertTrue(warnings.stream().anyMatch(m -> m.matches("Executing <Handle stop_loop_cb> took \\d+\\.\\d{3} seconds")), warnings.toString());
            assertTrue(warnings.stream().anyMatch(m -> m.matches("Executing <Task .*name='slow-task'.*> took \\d+\\.\\d{3} seconds")), warnings.toString());
        }
    }

    @Test
    void a19_runInExecutorComputesOnAnotherThread() {
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            AtomicReference<Thread> loopThread = new AtomicReference<>();
            String r = loop.runUntilComplete(() -> {
                loopThread.set(Thread.currentThread());
                return loop.runInExecutor(null, () -> Thread.currentThread() == loopThread.get() ? "same thread" : "yo").await();
            });
            assertEquals("yo", r);
        }
    }

    /** A loop that records callSoonThreadsafe calls made after it was closed. */
    static final class RecordingThreadsafeLoop extends BaseEventLoop {
        final AtomicInteger callsAfterClose = new AtomicInteger();

        @Override
        public double time() {
            return 0;
        }

        @Override
        public Handle callSoonThreadsafe(Runnable callback) {
            if (isClosed()) {
                callsAfterClose.incrementAndGet();
            }
            return super.callSoonThreadsafe(callback);
        }
    }

    @Test
    void a19_aCancelledExecutorCallSchedulesNothingIntoAClosedLoop() throws Exception {
        ExecutorService ex = Executors.newSingleThreadExecutor();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingThreadsafeLoop loop = new RecordingThreadsafeLoop();
        try {
            Future<String> f = loop.runInExecutor(ex, () -> {
                started.countDown();
                release.await();
                return "late";
            });
            assertTrue(started.await(10, TimeUnit.SECONDS));
            assertTrue(f.cancel());
            Support.runBriefly(loop);
            assertTrue(f.isCancelled());
            ex.shutdown();
            loop.close();
            release.countDown();
            assertTrue(ex.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(0, loop.callsAfterClose.get());
        } finally {
            release.countDown();
            ex.shutdownNow();
            loop.close();
        }
    }

    @Test
    void a19_shutdownDefaultExecutorWarnsOnTimeoutAndRejectsLaterCalls() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try (VirtualTimeLoop loop = VirtualTimeLoop.create(); LogCapture logs = new LogCapture()) {
            loop.runInExecutor(null, () -> {
                started.countDown();
                new CountDownLatch(1).await(); // until shutdownNow interrupts it
                return null;
            });
            assertTrue(started.await(10, TimeUnit.SECONDS));
            loop.shutdownDefaultExecutor(0.01);
            logs.single(Level.WARNING, "The executor did not finishing joining its threads within 0.01 seconds.");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runInExecutor(null, () -> 1));
            assertEquals("Executor shutdown has been called", e.getMessage());
        }
    }

    @Test
    void a20_timerHandlesCompareByDeadlineCallbackAndState() {
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            Runnable cb = () -> {};
            TimerHandle h1 = loop.callAt(10, cb);
            TimerHandle h2 = loop.callAt(10, cb);
            assertEquals(h1, h2);
            assertEquals(h1.hashCode(), h2.hashCode());
            assertEquals(0, h1.compareTo(h2));
            h2.cancel();
            assertNotEquals(h1, h2, "cancelling one makes them unequal");
            TimerHandle later = loop.callAt(20, cb);
            assertTrue(later.compareTo(h1) > 0);
            assertTrue(h1.compareTo(later) < 0);
            assertNotEquals(h1, later);
            Handle plain = loop.callSoon(cb);
            assertNotEquals(h1, plain);
            assertNotEquals(plain, h1);
            assertNotEquals(h1, loop.callAt(10, () -> {}), "different callbacks");
            // ordering against a non-handle is a compile error (Comparable<TimerHandle>)
        }
    }
}
