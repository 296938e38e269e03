package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.asyncio4j.TestLoops.runVirtual;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.Test;

/**
 * Conformance section K and asyncio-semantics §17 (contextvars propagation), after CPython's
 * test_context_* in test_tasks.py, test_futures2.py, test_runners.py and test_threads.py.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class ContextVarTest {

    // ------------------------------------------------------------------ the variable itself

    @Test
    void getSetAndResetInTheCurrentContext() {
        ContextVar<String> v = new ContextVar<>("v", "default");
        Context ctx = new Context();
        ctx.run(() -> {
            assertEquals("default", v.get());
            ContextVar.Token<String> t1 = v.set("one");
            ContextVar.Token<String> t2 = v.set("two");
            assertEquals("two", v.get());
            assertTrue(t2.hadValue());
            assertEquals("one", t2.oldValue());
            v.reset(t2);
            assertEquals("one", v.get());
            assertThrows(IllegalStateException.class, () -> v.reset(t2));
            v.reset(t1);
            assertEquals("default", v.get());
            assertFalse(ctx.containsKey(v));
        });
        assertEquals(0, ctx.size());
    }

    @Test
    void aVariableWithoutDefaultFailsUntilSet() {
        ContextVar<Integer> v = new ContextVar<>("nodefault");
        new Context().run(() -> {
            NoSuchElementException e = assertThrows(NoSuchElementException.class, v::get);
            assertTrue(e.getMessage().contains("'nodefault'"));
            assertEquals(7, v.get(7));
            v.set(1);
            assertEquals(1, v.get());
        });
    }

    @Test
    void tokenOfAnotherContextOrVariableIsRejected() {
        ContextVar<String> a = new ContextVar<>("a");
        ContextVar<String> b = new ContextVar<>("b");
        AtomicReference<ContextVar.Token<String>> token = new AtomicReference<>();
        new Context().run(() -> token.set(a.set("x")));
        new Context().run(() -> {
            assertThrows(IllegalArgumentException.class, () -> a.reset(token.get()));
            ContextVar.Token<String> other = a.set("y");
            assertThrows(IllegalArgumentException.class, () -> b.reset(other));
        });
    }

    @Test
    void aContextCannotBeEnteredTwice() {
        Context ctx = new Context();
        ctx.run(() -> {
            assertThrows(IllegalStateException.class, () -> ctx.run(() -> {}));
        });
    }

    @Test
    void copiesAreIndependent() {
        ContextVar<String> v = new ContextVar<>("v");
        Context ctx = new Context();
        ctx.run(() -> {
            v.set("before");
            Context copy = Context.copyContext();
            v.set("after");
            assertEquals("before", copy.get(v));
            copy.run(() -> {
                v.set("in copy");
            });
            assertEquals("after", v.get());
            assertEquals("in copy", copy.get(v));
        });
    }

    // ------------------------------------------------------------------ tasks (test_context_1/3)

    @Test
    void k1_aTaskRunsInACopyTakenAtCreateTask() {
        runVirtual(() -> {
            ContextVar<String> cvar = new ContextVar<>("cvar", "nope");
            List<String> log = new ArrayList<>();
            cvar.set("main");
            log.add(cvar.get());
            Task<Void> sub = createTask(() -> {
                log.add(cvar.get()); // the creator's value at createTask
                cvar.set("child");
                sleep(0.01);
                log.add(cvar.get());
            });
            cvar.set("after-create");
            sub.await();
            log.add(cvar.get());
            assertEquals(List.of("main", "main", "child", "after-create"), log);
        });
    }

    @Test
    void k3_manyTasksKeepTheirOwnValues() {
        runVirtual(() -> {
            ContextVar<Integer> cvar = new ContextVar<>("cvar", -1);
            List<Task<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int j = i;
                tasks.add(createTask(() -> {
                    cvar.set(j);
                    sleep(0.01 * (j % 7));
                    return cvar.get() == j;
                }));
            }
            for (Task<Boolean> t : tasks) {
                assertTrue(t.await());
            }
            assertEquals(-1, cvar.get());
        });
    }

    // ------------------------------------------------------------------ K2 callbacks use copies

    @Test
    void k2_doneCallbacksDoNotChangeTheTasksValues() {
        ContextVar<String> cvar = new ContextVar<>("cvar", "nope");
        runVirtual(() -> {
            assertEquals("nope", cvar.get());
            for (int j = 0; j < 2; j++) {
                Future<Void> fut = getRunningLoop().createFuture();
                fut.addDoneCallback(f -> cvar.set("something else")); // must not pollute the task
                cvar.set("yes" + j);
                getRunningLoop().callSoon(() -> fut.setResult(null));
                fut.await();
                assertEquals("yes" + j, cvar.get());
                for (int i = 0; i < 3; i++) {
                    cvar.set("yes" + i + "-" + j);
                    sleep(0.001);
                    assertEquals("yes" + i + "-" + j, cvar.get());
                }
            }
        });
        assertEquals("nope", cvar.get());
    }

    @Test
    void k2_callSoonCallbacksSeeTheSchedulersValueInACopy() {
        runVirtual(() -> {
            ContextVar<String> cvar = new ContextVar<>("cvar", "nope");
            cvar.set("main");
            List<String> seen = new ArrayList<>();
            getRunningLoop().callSoon(() -> {
                seen.add(cvar.get());
                cvar.set("callback");
                seen.add(cvar.get());
            });
            cvar.set("later");
            getRunningLoop().callLater(0.1, () -> seen.add(cvar.get()));
            getRunningLoop().callAt(0.2, () -> seen.add(cvar.get()));
            sleep(0.3);
            assertEquals(List.of("main", "callback", "later", "later"), seen);
            assertEquals("later", cvar.get());
        });
    }

    /** What {@code reset} did in a callback: "reset" or the refusal's message. */
    private static <T> String tryReset(ContextVar<T> var, ContextVar.Token<T> token) {
        try {
            var.reset(token);
            return "reset";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Test
    void aTokenMadeInACallbackResetsTheVariableInThatCallback() {
        runVirtual(() -> {
            ContextVar<String> cvar = new ContextVar<>("cvar", "default");
            List<String> seen = new ArrayList<>();
            getRunningLoop().callSoon(() -> {
                ContextVar.Token<String> token = cvar.set("in callback");
                seen.add(cvar.get());
                seen.add(tryReset(cvar, token));
                seen.add(cvar.get());
            });
            sleep(0);
            assertEquals(List.of("in callback", "reset", "default"), seen);
        });
    }

    @Test
    void aTokenMadeInOneCallbackIsRefusedInAnother() {
        // Python 3.11: call_soon(a); call_soon(b) where a does tok = v.set('a') and b does v.reset(tok)
        // -> ValueError: <Token var=<ContextVar name='v' default='d' ...>> was created in a different Context.
        runVirtual(() -> {
            ContextVar<String> cvar = new ContextVar<>("cvar", "default");
            List<ContextVar.Token<String>> token = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            getRunningLoop().callSoon(() -> {
                token.add(cvar.set("first callback"));
                seen.add(cvar.get());
            });
            getRunningLoop().callSoon(() -> {
                seen.add(cvar.get());
                seen.add(tryReset(cvar, token.get(0)));
                seen.add(cvar.get());
            });
            Future<Void> fut = getRunningLoop().createFuture();
            fut.addDoneCallback(f -> {
                seen.add(tryReset(cvar, token.get(0))); // done callbacks also run in copies of their own
            });
            getRunningLoop().callSoon(() -> fut.setResult(null));
            fut.await();
            sleep(0);
            String refused = token.get(0) + " was created in a different Context";
            assertEquals(List.of("first callback", "default", refused, "default", refused), seen);
        });
    }

    @Test
    void doneCallbackRunsInTheContextCapturedWhenItWasAdded() {
        runVirtual(() -> {
            ContextVar<String> cvar = new ContextVar<>("cvar", "nope");
            Future<String> seen = getRunningLoop().createFuture();
            Future<Void> fut = getRunningLoop().createFuture();
            cvar.set("at add");
            fut.addDoneCallback(f -> seen.setResult(cvar.get()));
            cvar.set("at completion");
            fut.setResult(null);
            assertEquals("at add", seen.await());
        });
    }

    // ------------------------------------------------------------------ K4 explicit shared contexts

    @Test
    void k4_tasksGivenTheSameContextShareIt() {
        runVirtual(() -> {
            ContextVar<Integer> cvar = new ContextVar<>("cvar");
            List<Integer> ret = new ArrayList<>();
            Context ctx = Context.copyContext();
            ret.add(ctx.get(cvar));
            Task<Void> t1 = createTask(() -> {
                sleep(0);
                cvar.set(1);
                return null;
            }, null, ctx);
            t1.await();
            ret.add(ctx.get(cvar));
            Task<Void> t2 = createTask(() -> {
                sleep(0);
                cvar.set(2);
                return null;
            }, null, ctx);
            t2.await();
            ret.add(ctx.get(cvar));
            assertEquals(java.util.Arrays.asList(null, 1, 2), ret);
            assertSame(ctx, t2.getContext());
        });
    }

    @Test
    void k4_aSharedContextSeesTheOtherTasksLaterValues() {
        // test_context_5/6: the second task reads what the first wrote, and the holder sees both.
        runVirtual(() -> {
            ContextVar<String> cvar = new ContextVar<>("cvar", "none");
            Context ctx = new Context();
            Task<String> writer = createTask(() -> {
                cvar.set("written");
                return cvar.get();
            }, null, ctx);
            writer.await();
            Task<String> reader = createTask(() -> cvar.get(), null, ctx);
            assertEquals("written", reader.await());
            assertEquals("written", ctx.get(cvar));
            assertEquals("none", cvar.get());
        });
    }

    // ------------------------------------------------------------------ K5 the exception handler's context

    @Test
    void k5_handlerRunsInTheFailingCallbacksContext() {
        runVirtual(() -> {
            ContextVar<String> name = new ContextVar<>("name", "foo");
            Future<String> seen = getRunningLoop().createFuture();
            getRunningLoop().setExceptionHandler((loop, ctx) -> seen.setResult(name.get()));
            getRunningLoop().callSoon(() -> {
                name.set("bar");
                throw new ArithmeticException("/ by zero");
            });
            assertEquals("bar", seen.await());
            assertEquals("foo", name.get());
        });
    }

    @Test
    void k5_handlerGivenATaskRunsInThatTasksContext() {
        runVirtual(() -> {
            ContextVar<String> name = new ContextVar<>("name", "foo");
            List<String> seen = new ArrayList<>();
            getRunningLoop().setExceptionHandler((loop, ctx) -> seen.add(name.get()));
            Task<Void> failing = createTask(() -> {
                name.set("bar");
                throw new ArithmeticException("/ by zero");
            });
            assertThrows(ArithmeticException.class, failing::await);
            getRunningLoop().callExceptionHandler(
                    ExceptionContext.ofTask("unhandled exception during shutdown", failing.exception(), failing));
            getRunningLoop().callExceptionHandler(ExceptionContext.ofFuture("as a future", failing.exception(), failing));
            assertEquals(List.of("bar", "bar"), seen);
            assertEquals("foo", name.get());
        });
    }

    @Test
    void k5_neverRetrievedTaskFailureIsReportedInTheTasksContext() throws Exception {
        // test_task_exc_handler_correct_context: the report comes when the failed task is collected.
        ContextVar<String> name = new ContextVar<>("name", "foo");
        String seen = Asyncio.run(() -> {
            Future<String> handled = getRunningLoop().createFuture();
            getRunningLoop().setExceptionHandler((loop, ctx) -> {
                if (!handled.isDone() && ctx.message().startsWith("Task exception was never retrieved")) {
                    handled.setResult(name.get());
                }
            });
            startAFailingTaskAndForgetIt(name);
            sleep(0); // the task fails
            for (int attempt = 0; attempt < 50 && !handled.isDone(); attempt++) {
                System.gc();
                try {
                    return waitFor(shield(handled), 0.2); // woken by the report itself
                } catch (TimedOutException notYetCollected) {
                    // collect again
                }
            }
            return handled.isDone() ? handled.result() : "never reported";
        });
        assertEquals("bar", seen);
    }

    private static void startAFailingTaskAndForgetIt(ContextVar<String> name) {
        createTask(() -> {
            name.set("bar");
            throw new ArithmeticException("/ by zero");
        });
    }

    // ------------------------------------------------------------------ runners and threads

    @Test
    void runnerKeepsOneContextForAllItsRuns() {
        ContextVar<Integer> cvar = new ContextVar<>("cvar", -1);
        try (Runner runner = new Runner(VirtualTimeLoop::create)) {
            Coroutine<Integer> f1 = () -> {
                int old = cvar.get();
                sleep(0);
                cvar.set(1);
                return old;
            };
            Coroutine<Integer> f2 = () -> {
                int old = cvar.get();
                sleep(0);
                cvar.set(2);
                return old;
            };
            assertEquals(-1, runner.run(f1));
            assertEquals(1, runner.run(f2));
            assertEquals(2, runner.run(Context::copyContext).get(cvar));
        }
        assertEquals(-1, cvar.get());
    }

    @Test
    void toThreadRunsInACopyOfTheCallersContext() {
        Asyncio.run(() -> {
            ContextVar<String> cvar = new ContextVar<>("cvar", "none");
            cvar.set("parrot");
            String[] threadName = new String[1];
            String seen = toThread(() -> {
                threadName[0] = Thread.currentThread().getName();
                String v = cvar.get();
                cvar.set("changed in the thread");
                return v;
            });
            assertEquals("parrot", seen);
            assertEquals("parrot", cvar.get());
            assertTrue(threadName[0].startsWith("asyncio4j-executor-"), threadName[0]);
            return null;
        });
    }

    @Test
    void runInExecutorDoesNotPropagateTheContext() {
        Asyncio.run(() -> {
            ContextVar<String> cvar = new ContextVar<>("cvar", "none");
            cvar.set("parrot");
            assertEquals("none", getRunningLoop().runInExecutor(null, cvar::get).await());
            return null;
        });
    }
}
