package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Conformance cases N (nest_asyncio) of conformance-cases.md, and erdewit/nest_asyncio's nest_test.py.
 * NestAsyncio.apply() is JVM-wide (as nest_asyncio is process-wide), so every test undoes it.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NestAsyncioTest {

    /** nest_test.py's setUp/tearDown around {@code body}, on the calling thread. */
    private static void withPatchedLoop(java.util.function.Consumer<VirtualTimeLoop> body) {
        VirtualTimeLoop loop = VirtualTimeLoop.create();
        NestAsyncio.apply(loop);
        setEventLoop(loop);
        try {
            body.accept(loop);
            assertNull(BaseEventLoop.runningLoopOfThisThread(), "no loop may be left running");
        } finally {
            setEventLoop(null);
            NestAsyncio.unapplyForTests();
            loop.close();
        }
    }

    private static int coro() {
        sleep(0.01);
        return 42;
    }

    @Test
    void nesting() {
        withPatchedLoop(loop -> {
            Coroutine<Integer> f1 = () -> {
                int result = loop.runUntilComplete(NestAsyncioTest::coro);
                assertEquals(result, coro());
                return result;
            };
            Coroutine<Integer> f2 = () -> {
                int result = loop.runUntilComplete(f1);
                assertEquals(result, f1.await());
                return result;
            };
            assertEquals(42, loop.runUntilComplete(f2));
        });
    }

    @Test
    void n2_ensureFutureThenNestedRunUntilComplete() {
        withPatchedLoop(loop -> {
            int r = loop.runUntilComplete(() -> {
                Future<Integer> task = ensureFuture(NestAsyncioTest::coro);
                return loop.runUntilComplete(task);
            });
            assertEquals(42, r);
        });
    }

    @Test
    void n2_ensureFutureThenNestedRunUntilCompleteOfWait() {
        withPatchedLoop(loop -> {
            int r = loop.runUntilComplete(() -> {
                Future<Integer> task = ensureFuture(NestAsyncioTest::coro);
                Done<Integer> d = loop.runUntilComplete(() -> Asyncio.wait(List.of(task), ReturnWhen.ALL_COMPLETED));
                assertEquals(Set.of(task), d.done());
                assertEquals(Set.of(), d.pending());
                return d.done().iterator().next().result();
            });
            assertEquals(42, r);
            assertEquals(0.01, loop.time());
        });
    }

    @Test
    void n3_nestedRunWithWaitForTimesOutThroughTheOuterRun() {
        withPatchedLoop(loop -> {
            Coroutine<Void> f1 = () -> sleep(0.1, null);
            Coroutine<Void> f2 = () -> run(() -> waitFor(f1, 0.01));
            TimedOutException e = assertThrows(TimedOutException.class, () -> loop.runUntilComplete(f2));
            assertEquals(0.01, loop.time(), "the timeout fired at 0.01, not after the sleep");
            assertInstanceOf(CancelledError.class, e.getCause(), "raised from the cancelled sleep, as asyncio's"
                    + " TimeoutError is from CancelledError");
        });
    }

    @Test
    void n4_twoNestedRunsUnderOneGather() {
        withPatchedLoop(loop -> {
            Coroutine<Integer> f1 = () -> {
                loop.runUntilComplete(() -> sleep(0.02, null));
                return 4;
            };
            Coroutine<Integer> f2 = () -> {
                loop.runUntilComplete(() -> sleep(0.01, null));
                return 2;
            };
            assertEquals(List.of(4, 2), loop.runUntilComplete(gather(f1, f2)));
            assertEquals(0.02, loop.time());
        });
    }

    @Test
    void n7_otherTasksKeepRunningDuringANestedRunAndTheCurrentTaskIsPreempted() {
        withPatchedLoop(loop -> {
            List<String> log = new ArrayList<>();
            loop.runUntilComplete(() -> {
                Task<?> outer = currentTask();
                Task<Void> ticker = createTask(() -> {
                    for (int i = 0; i < 3; i++) {
                        sleep(0);
                        log.add("tick" + i);
                    }
                });
                Object[] inCallback = {"not run"};
                getRunningLoop().callSoon(() -> inCallback[0] = currentTask());
                Task<?> inner = loop.runUntilComplete(() -> {
                    sleep(0.01);
                    return currentTask();
                });
                log.add("nested done");
                assertNotSame(outer, inner, "inside the nested run the current task is the inner one");
                assertNull(inCallback[0], "a callback run by the nested loop sees no current task");
                assertTrue(ticker.isDone(), "the sibling ran to completion during the nested call");
                assertSame(outer, currentTask(), "after the nested run the outer task is current again");
                return null;
            });
            assertEquals(List.of("tick0", "tick1", "tick2", "nested done"), log);
        });
    }

    @Test
    void n8_patchedRunReusesTheCurrentLoopAndKeepsItOpen() {
        withPatchedLoop(loop -> {
            EventLoop[] seen = new EventLoop[2];
            assertEquals(42, run(() -> {
                seen[0] = getRunningLoop();
                return 42;
            }));
            assertSame(loop, seen[0]);
            assertFalse(loop.isClosed());
            assertEquals("nested", loop.runUntilComplete(() -> run(() -> {
                seen[1] = getRunningLoop();
                return "nested";
            })));
            assertSame(loop, seen[1]);
            assertFalse(loop.isClosed());
        });
    }

    @Test
    void n8_anExceptionInsideANestedRunPropagatesUnchanged() {
        withPatchedLoop(loop -> {
            IllegalStateException keyError = new IllegalStateException("nested"); // KeyError('nested')
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(() -> {
                return loop.runUntilComplete(() -> {
                    sleep(0);
                    throw keyError;
                });
            }));
            assertSame(keyError, e);
        });
    }

    @Test
    void n10_onlyBaseEventLoopsCanBePatchedAndApplyingTwiceIsANoOp() {
        EventLoop foreign = (EventLoop) Proxy.newProxyInstance(EventLoop.class.getClassLoader(),
                new Class<?>[] {EventLoop.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NestAsyncio.apply(foreign));
            assertTrue(e.getMessage().startsWith("Can't patch loop of type "), e.getMessage());
            VirtualTimeLoop loop = VirtualTimeLoop.create();
            NestAsyncio.apply(loop);
            NestAsyncio.apply(loop);
            assertTrue(NestAsyncio.isPatched(loop));
            assertEquals(7, loop.runUntilComplete(() -> loop.runUntilComplete(() -> 7)));
            loop.close();
        } finally {
            NestAsyncio.unapplyForTests();
        }
    }

    @Test
    void stopInsideANestedRunUntilCompleteAlsoStopsTheOuterRun() {
        // nest_asyncio's run_until_complete leaves _stopping set, so the enclosing run stops too; the
        // outermost run clears it when it returns (as asyncio's run_forever does).
        withPatchedLoop(loop -> {
            List<String> log = new ArrayList<>();
            Task<String> outer = loop.createTask(() -> {
                try {
                    loop.runUntilComplete(() -> {
                        loop.stop();
                        return sleep(1, null);
                    });
                } catch (IllegalStateException e) {
                    log.add(e.getMessage());
                }
                sleep(0.5);
                return "outer done";
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(outer));
            assertEquals("Event loop stopped before Future completed.", e.getMessage());
            assertEquals(List.of("Event loop stopped before Future completed."), log);
            assertFalse(outer.isDone());
            assertEquals("outer done", loop.runUntilComplete(outer));
        });
    }

    @Test
    void topLevelAwaitDrivesTheCurrentLoop() {
        withPatchedLoop(loop -> {
            Future<String> f = loop.createFuture();
            loop.callLater(0.5, () -> f.setResult("x"));
            assertEquals("x", f.await());
            assertEquals(0.5, loop.time());
            sleep(0.25);
            assertEquals(0.75, loop.time());
            assertFalse(loop.isRunning());
        });
    }

    private static final ContextVar<Integer> VAR = new ContextVar<>("var");

    @Test
    void contextVariablesSurviveANestedRun() {
        withPatchedLoop(loop -> {
            VAR.set(0);
            int r = loop.runUntilComplete(() -> {
                Coroutine<Void> setVal = () -> {
                    VAR.set(42);
                    return null;
                };
                setVal.await();
                sleep(0.01);
                return VAR.get();
            });
            assertEquals(42, r);
            assertEquals(0, VAR.get());
        });
    }

    @Test
    void withoutApplyTheLoopIsNotReentrant() {
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            assertFalse(NestAsyncio.isApplied());
            IllegalStateException e = loop.runUntilComplete(() -> {
                try {
                    loop.runUntilComplete(() -> null);
                    return null;
                } catch (IllegalStateException expected) {
                    return expected;
                }
            });
            assertTrue(e.getMessage().contains("NestAsyncio.apply()"), e.getMessage());
        }
    }
}
