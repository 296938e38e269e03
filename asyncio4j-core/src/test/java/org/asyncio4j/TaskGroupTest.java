package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.asyncio4j.TestLoops.now;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Conformance section F (TaskGroup) and CPython's test_taskgroups.py, run like CPython's with the default
 * (lazy) task factory and with the eager one.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TaskGroupTest {

    @Nested
    class Lazy extends Cases {
        @Override
        TaskFactory factory() {
            return null;
        }
    }

    @Nested
    class Eager extends Cases {
        @Override
        TaskFactory factory() {
            return TaskFactory.EAGER_TASK_FACTORY;
        }
    }

    static final class MyExc extends RuntimeException {
        MyExc() {
            super("MyExc");
        }
    }

    /** Python's BaseException that is neither KeyboardInterrupt nor SystemExit: an Error that is not fatal. */
    static final class MyBaseExc extends Error {
        MyBaseExc() {
            super("MyBaseExc");
        }
    }

    static Set<Class<?>> errorTypes(ExceptionGroup eg) {
        Set<Class<?>> types = new HashSet<>();
        eg.exceptions().forEach(e -> types.add(e.getClass()));
        return types;
    }

    static <T> T sleepThenThrow(double seconds, RuntimeException e) {
        sleep(seconds);
        throw e;
    }

    /** CPython's {@code try: await sleep(s) finally: raise e}: the cleanup fails. */
    static void failInCleanup(double seconds, RuntimeException e) {
        try {
            sleep(seconds);
        } finally {
            throwIt(e);
        }
    }

    /** Sleeps; if cancelled meanwhile, adds {@code weight} to {@code count} and lets the cancellation go on. */
    static void sleepCountingCancellation(double seconds, int[] count, int weight) {
        try {
            sleep(seconds);
        } catch (CancelledError e) {
            count[0] += weight;
            throw e;
        }
    }

    /**
     * CPython's test_taskgroup_15/16 group: its task fails at 0.3 s, while the body, once cancelled, takes
     * 0.5 s to clean up.
     */
    static void groupFailingWhileItsBodyCleansUp() {
        taskGroup(g1 -> {
            g1.createTask(() -> sleepThenThrow(0.3, new ArithmeticException("/ by zero")));
            try {
                sleep(10);
            } catch (CancelledError e) {
                sleep(0.5);
                throw e;
            }
        });
    }

    static void throwIt(Throwable e) {
        if (e instanceof RuntimeException re) {
            throw re;
        }
        throw (Error) e;
    }

    abstract static class Cases {
        abstract TaskFactory factory();

        <T> T run(Coroutine<T> main) {
            return TestLoops.runVirtual(main, factory());
        }

        void run(AsyncRunnable main) {
            run(main.asCoroutine());
        }

        // -------------------------------------------------------------- F1 waiting for all tasks

        @Test
        void f1_waitsForAllTasks() {
            run(() -> {
                List<Task<Integer>> ts = taskGroup(g -> {
                    return List.of(g.createTask(() -> sleep(0.1, 42)), g.createTask(() -> sleep(0.2, 11)));
                });
                assertEquals(42, ts.get(0).result());
                assertEquals(11, ts.get(1).result());
                assertEquals(0.2, now());
            });
        }

        @Test
        void f1_waitsForTasksCreatedAfterASleep() {
            run(() -> {
                List<Task<Integer>> ts = taskGroup(g -> {
                    Task<Integer> t1 = g.createTask(() -> sleep(0.1, 42));
                    sleep(0.15);
                    Task<Integer> t2 = g.createTask(() -> sleep(0.2, 11));
                    return List.of(t1, t2);
                });
                assertEquals(42, ts.get(0).result());
                assertEquals(11, ts.get(1).result());
                assertEquals(0.35, now(), 1e-12);
            });
        }

        @Test
        void f1_waitsForTasksCreatedByOtherTasks() {
            run(() -> {
                List<String> log = new ArrayList<>();
                taskGroup(g -> {
                    g.createTask(() -> {
                        sleep(0.1);
                        g.createTask(() -> {
                            sleep(0.1);
                            log.add("child 1");
                        });
                        g.createTask(() -> {
                            sleep(0.2);
                            log.add("child 2");
                        });
                    });
                });
                assertEquals(List.of("child 1", "child 2"), log);
                assertEquals(0.3, now(), 1e-12);
            });
        }

        @Test
        void f1_finishedTasksLeaveTheGroup() {
            run(() -> {
                taskGroup(g -> {
                    for (int count = 0; count < 10; count++) {
                        sleep(0.1);
                        g.createTask(() -> sleep(0.3));
                        if (count == 5) {
                            int alive = Integer.parseInt(g.toString().replaceAll(".*tasks=(\\d+).*", "$1"));
                            assertTrue(alive < 5, g.toString());
                        }
                    }
                    sleep(1.35);
                    assertEquals("<TaskGroup entered>", g.toString());
                });
            });
        }

        @Test
        void bodyResultIsReturned() {
            run(() -> {
                int total = taskGroup(tg -> {
                    Task<Integer> a = tg.createTask(() -> sleep(0.1, 1));
                    Task<Integer> b = tg.createTask(() -> sleep(0.2, 2));
                    return a.await() + b.await();
                });
                assertEquals(3, total);
            });
        }

        // -------------------------------------------------------------- F2 cancelling one task

        @Test
        void f2_cancellingOneTaskDoesNotAbortTheGroup() {
            run(() -> {
                List<Task<Integer>> ts = taskGroup(g -> {
                    Task<Integer> t1 = g.createTask(() -> sleep(1, 42));
                    sleep(0.15);
                    t1.cancel();
                    Task<Integer> t2 = g.createTask(() -> sleep(0.2, 11));
                    return List.of(t1, t2);
                });
                assertTrue(ts.get(0).isCancelled());
                assertEquals(11, ts.get(1).result());
            });
        }

        // -------------------------------------------------------------- failures

        @Test
        void taskFailureCancelsTheOtherTasks() {
            run(() -> {
                int[] num = {0};
                boolean[] t2Cancel = {false};
                AtomicReference<Task<Void>> t2 = new AtomicReference<>();
                Task<Void> runner = createTask(() -> {
                    taskGroup(g -> {
                        g.createTask(() -> sleepThenThrow(0.1, new ArithmeticException("/ by zero")));
                        t2.set(g.createTask(() -> {
                            try {
                                sleep(1);
                            } catch (CancelledError e) {
                                t2Cancel[0] = true;
                                throw e;
                            }
                            num[0] += 1;
                        }));
                    });
                    num[0] += 10;
                });
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, runner::await);
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                assertEquals("unhandled errors in a TaskGroup (1 sub-exception)", eg.getMessage());
                assertEquals(0, num[0]);
                assertTrue(t2Cancel[0]);
                assertTrue(t2.get().isCancelled());
                assertEquals(0.1, now());
            });
        }

        @Test
        void taskFailureCancelsTheBodyOnce() {
            run(() -> {
                boolean[] runnerCancel = {false};
                boolean[] t2Cancel = {false};
                Task<Void> runner = createTask(() -> {
                    taskGroup(g -> {
                        for (int i = 0; i < 3; i++) {
                            g.createTask(() -> sleepThenThrow(0.1, new ArithmeticException("/ by zero")));
                        }
                        g.createTask(() -> {
                            try {
                                sleep(5);
                            } catch (CancelledError e) {
                                t2Cancel[0] = true;
                                throw e;
                            }
                        });
                        try {
                            sleep(10);
                        } catch (CancelledError e) {
                            runnerCancel[0] = true;
                            assertEquals(1, currentTask().cancelling());
                            throw e;
                        }
                    });
                });
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, runner::await);
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                assertEquals(3, eg.exceptions().size()); // all three failed in the same iteration
                assertTrue(t2Cancel[0]);
                assertTrue(runnerCancel[0]);
                assertFalse(runner.isCancelled());
                assertEquals(0, runner.cancelling());
            });
        }

        // -------------------------------------------------------------- F4 external cancellation

        @Test
        void f4_externalCancellationPropagatesAndCancelsEveryTask() {
            run(() -> {
                int[] num = {0};
                Task<Void> r = createTask(() -> taskGroup(g -> {
                    for (int i = 0; i < 5; i++) {
                        g.createTask(() -> sleepCountingCancellation(5, num, 1));
                    }
                }));
                sleep(0.1);
                assertFalse(r.isDone());
                r.cancel("test");
                CancelledError e = assertThrows(CancelledError.class, r::await);
                assertEquals("test", e.getMessage());
                assertEquals(5, num[0]);
                assertTrue(r.isCancelled());
            });
        }

        @Test
        void f4_externalCancellationInterruptsTheBodyToo() {
            run(() -> {
                int[] num = {0};
                Task<Void> r = createTask(() -> taskGroup(g -> {
                    for (int i = 0; i < 5; i++) {
                        g.createTask(() -> sleepCountingCancellation(5, num, 1));
                    }
                    sleepCountingCancellation(10, num, 10);
                }));
                sleep(0.1);
                assertFalse(r.isDone());
                r.cancel();
                assertThrows(CancelledError.class, r::await);
                assertEquals(15, num[0]);
            });
        }

        @Test
        void f4_externalCancellationOfAnEmptyGroup() {
            run(() -> {
                int[] num = {0};
                Task<Void> r = createTask(() -> taskGroup(g -> {
                    sleepCountingCancellation(10, num, 10);
                }));
                sleep(0.1);
                r.cancel();
                assertThrows(CancelledError.class, r::await);
                assertEquals(10, num[0]);
            });
        }

        @Test
        void f4_externalCancellationWhileWaitingForTheTasks() {
            run(() -> {
                Task<Void> r = createTask(() -> taskGroup(g -> {
                    g.createTask(() -> sleep(1, 42));
                    g.createTask(() -> sleep(2, 11));
                }));
                sleep(0.05);
                r.cancel();
                assertThrows(CancelledError.class, r::await);
                assertTrue(r.isCancelled());
                assertEquals(0.05, now());
            });
        }

        @Test
        void failuresWhileCancellingWinOverTheCancellation() {
            // CPython's test_taskgroup_08: tasks fail in their cleanup after an outside cancellation.
            run(() -> {
                Task<Void> r = createTask(() -> taskGroup(g -> {
                    for (int i = 0; i < 5; i++) {
                        g.createTask(() -> failInCleanup(10, new ArithmeticException("/ by zero")));
                    }
                    sleep(10);
                }));
                sleep(0.1);
                r.cancel();
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                assertEquals(5, eg.exceptions().size());
                assertEquals(1, r.cancelling()); // the outside request is preserved (3.13)
            });
        }

        @Test
        void nestedGroupsCancelledFromOutsideNestTheirFailures() {
            nestedGroupsCancelledFromOutside(false); // CPython's test_taskgroup_11
        }

        @Test
        void nestedGroupsWithASleepingTaskCancelledFromOutside() {
            nestedGroupsCancelledFromOutside(true); // CPython's test_taskgroup_12
        }

        private void nestedGroupsCancelledFromOutside(boolean sleeperInOuterGroup) {
            run(() -> {
                Task<Void> r = createTask(() -> taskGroup(g1 -> {
                    if (sleeperInOuterGroup) {
                        g1.createTask(() -> sleep(10));
                    }
                    taskGroup(g2 -> {
                        for (int i = 0; i < 5; i++) {
                            g2.createTask(() -> failInCleanup(10, new ArithmeticException("/ by zero")));
                        }
                        sleep(10);
                    });
                }));
                sleep(0.1);
                r.cancel();
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
                assertEquals(Set.of(ExceptionGroup.class), errorTypes(eg));
                assertEquals(Set.of(ArithmeticException.class), errorTypes((ExceptionGroup) eg.exceptions().get(0)));
            });
        }

        @Test
        void outerGroupFailureCancelsTheInnerGroup() {
            // CPython's test_taskgroup_13
            run(() -> {
                Task<Void> r = createTask(() -> taskGroup(g1 -> {
                    g1.createTask(() -> sleepThenThrow(0.1, new IllegalArgumentException("0.1")));
                    taskGroup(g2 -> {
                        g2.createTask(() -> sleepThenThrow(10, new IllegalArgumentException("10")));
                    });
                }));
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
                assertEquals(Set.of(IllegalArgumentException.class), errorTypes(eg));
                assertEquals("0.1", eg.exceptions().get(0).getMessage());
            });
        }

        @Test
        void innerGroupFailureIsOneFailureOfTheOuterGroup() {
            // CPython's test_taskgroup_14
            run(() -> {
                Task<Void> r = createTask(() -> taskGroup(g1 -> {
                    g1.createTask(() -> sleepThenThrow(10, new IllegalArgumentException("10")));
                    taskGroup(g2 -> {
                        g2.createTask(() -> sleepThenThrow(0.1, new IllegalArgumentException("0.1")));
                    });
                }));
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
                assertEquals(Set.of(ExceptionGroup.class), errorTypes(eg));
                assertEquals(Set.of(IllegalArgumentException.class), errorTypes((ExceptionGroup) eg.exceptions().get(0)));
            });
        }

        @Test
        void failureDuringTheBodysCancellationCleanupWins() {
            // CPython's test_taskgroup_15
            run(() -> {
                Task<Void> r = createTask(TaskGroupTest::groupFailingWhileItsBodyCleansUp);
                sleep(0.1);
                assertFalse(r.isDone());
                r.cancel();
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                assertEquals(0.3, now()); // the failure also interrupted the body's cleanup sleep
                assertEquals(1, r.cancelling()); // the outside request is kept, the group's withdrawn
            });
        }

        @Test
        void failureDuringTheCleanupOfANestedRunnerTask() {
            // CPython's test_taskgroup_16
            run(() -> {
                Task<Void> r = createTask(() -> {
                    Task<Void> t = createTask(TaskGroupTest::groupFailingWhileItsBodyCleansUp);
                    t.await();
                });
                sleep(0.1);
                r.cancel();
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
            });
        }

        // -------------------------------------------------------------- F6 body exceptions

        @Test
        void f6_bodyExceptionAfterAnAwaitCancelsTheTasks() {
            run(() -> {
                List<Task<Integer>> ts = new ArrayList<>();
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(g -> {
                    ts.add(g.createTask(() -> sleep(1, 42)));
                    ts.add(g.createTask(() -> sleep(2, 11)));
                    sleep(0.1);
                    return 1 / zero();
                }));
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                assertTrue(ts.get(0).isCancelled());
                assertTrue(ts.get(1).isCancelled());
                assertEquals(0.1, now());
            });
        }

        @Test
        void f6_bodyExceptionWithoutAnAwaitCancelsTheTasks() {
            run(() -> {
                List<Task<Integer>> ts = new ArrayList<>();
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(g -> {
                    ts.add(g.createTask(() -> sleep(1, 42)));
                    ts.add(g.createTask(() -> sleep(2, 11)));
                    return 1 / zero();
                }));
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                assertTrue(ts.get(0).isCancelled());
                assertTrue(ts.get(1).isCancelled());
                assertEquals(0, currentTask().cancelling());
            });
        }

        @Test
        void checkedBodyExceptionIsCollectedAsItIs() {
            run(() -> {
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(g -> {
                    if (zero() == 0) {
                        throw new java.io.IOException("disk");
                    }
                    return null;
                }));
                assertInstanceOf(java.io.IOException.class, eg.exceptions().get(0));
            });
        }

        // -------------------------------------------------------------- F8 the body turns cancellation into errors

        @Test
        void f8_bodyTurnsTheCancellationIntoAnotherError() {
            run(() -> {
                int[] num = {0};
                Task<Void> r = createTask(() -> taskGroup(g -> {
                    try {
                        sleep(10);
                    } catch (CancelledError e) {
                        num[0] += 10;
                        throw new MyExc(); // not a good idea, but supported
                    }
                }));
                sleep(0.1);
                assertFalse(r.isDone());
                r.cancel();
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
                assertEquals(Set.of(MyExc.class), errorTypes(eg));
                assertEquals(10, num[0]);
            });
        }

        @Test
        void f8_bodyErrorDuringTheAbortJoinsTheTaskError() {
            run(() -> {
                Task<Void> r = createTask(() -> taskGroup(g -> {
                    g.createTask(() -> sleepThenThrow(0.1, new ArithmeticException("/ by zero")));
                    failInCleanup(10, new MyExc());
                }));
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, r::await);
                assertEquals(Set.of(MyExc.class, ArithmeticException.class), errorTypes(eg));
                assertEquals(ArithmeticException.class, eg.exceptions().get(0).getClass()); // tasks first, body last
            });
        }

        @Test
        void fatalErrorOfTheBodyIsThrownAloneAndTheOtherErrorsAreReported() {
            // CPython's test_taskgroup_20 (KeyboardInterrupt) and gh-135736
            List<ExceptionContext> reported = new ArrayList<>();
            InternalError fatal = new InternalError("fatal");
            AtomicReference<Task<?>> main = new AtomicReference<>();
            InternalError thrown = assertThrows(InternalError.class, () -> run(() -> {
                main.set(currentTask());
                getRunningLoop().setExceptionHandler((loop, ctx) -> reported.add(ctx));
                taskGroup(g -> {
                    g.createTask(() -> sleepThenThrow(0.1, new ArithmeticException("/ by zero")));
                    try {
                        sleep(10);
                    } finally {
                        throwIt(fatal);
                    }
                });
            }));
            assertSame(fatal, thrown);
            assertSame(fatal, main.get().exception()); // the main task failed with it too (and it is retrieved)
            assertEquals(1, reported.size());
            assertInstanceOf(ArithmeticException.class, reported.get(0).exception());
            assertTrue(reported.get(0).message().startsWith("TaskGroup task exception was not propagated"));
        }

        @Test
        void nonFatalErrorOfTheBodyIsCollected() {
            // CPython's test_taskgroup_20a: a BaseException that is not KeyboardInterrupt/SystemExit
            run(() -> {
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(g -> {
                    g.createTask(() -> sleepThenThrow(0.1, new ArithmeticException("/ by zero")));
                    try {
                        sleep(10);
                    } finally {
                        throwIt(new MyBaseExc());
                    }
                }));
                assertEquals(Set.of(MyBaseExc.class, ArithmeticException.class), errorTypes(eg));
            });
        }

        @Test
        void nonFatalErrorOfATaskIsCollected() {
            // CPython's test_taskgroup_21a
            run(() -> {
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(g -> {
                    g.createTask(() -> {
                        sleep(0.1);
                        throwIt(new MyBaseExc());
                    });
                    failInCleanup(10, new IllegalArgumentException("type"));
                }));
                assertEquals(Set.of(MyBaseExc.class, IllegalArgumentException.class), errorTypes(eg));
            });
        }

        // -------------------------------------------------------------- F10 state errors

        @Test
        void f10_createTaskWhileShuttingDownFails() {
            run(() -> {
                AtomicReference<IllegalStateException> rejected = new AtomicReference<>();
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(g -> {
                    g.createTask(() -> sleepThenThrow(0.001, new ArithmeticException("/ by zero")));
                    g.createTask(() -> {
                        try {
                            sleep(1);
                        } catch (CancelledError e) {
                            rejected.set(assertThrows(IllegalStateException.class,
                                    () -> g.createTask(() -> sleepThenThrow(0.001, new ArithmeticException()))));
                        }
                    });
                }));
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                assertTrue(rejected.get().getMessage().matches("TaskGroup <TaskGroup .*cancelling> is shutting down"),
                        rejected.get().getMessage());
            });
        }

        @Test
        void f10_createTaskBeforeEnterFails() {
            TaskGroup tg = new TaskGroup();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tg.createTask(() -> null));
            assertEquals("TaskGroup <TaskGroup> has not been entered", e.getMessage());
        }

        @Test
        void f10_createTaskAfterExitFails() {
            run(() -> {
                TaskGroup tg = new TaskGroup();
                tg.run(g -> null);
                boolean[] ran = {false};
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> tg.createTask(() -> ran[0] = true));
                assertEquals("TaskGroup <TaskGroup entered> is finished", e.getMessage());
                sleep(0);
                assertFalse(ran[0]); // the rejected coroutine never runs
            });
        }

        @Test
        void f10_enteringWhileActiveFails() {
            run(() -> {
                TaskGroup tg = new TaskGroup();
                tg.run(g -> {
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tg.run(g2 -> null));
                    assertEquals("TaskGroup <TaskGroup entered> has already been entered", e.getMessage());
                    return null;
                });
            });
        }

        @Test
        void f10_enteringAgainAfterExitFails() {
            run(() -> {
                TaskGroup tg = new TaskGroup();
                tg.run(g -> null);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> tg.run(g -> null));
                assertTrue(e.getMessage().endsWith("has already been entered"));
            });
        }

        @Test
        void f10_enteringOutsideATaskFails() {
            run(() -> {
                TaskGroup tg = new TaskGroup();
                Future<Throwable> seen = getRunningLoop().createFuture();
                getRunningLoop().callSoon(() -> {
                    try {
                        tg.run(g -> null);
                        seen.setResult(null);
                    } catch (Throwable t) {
                        seen.setResult(t);
                    }
                });
                IllegalStateException e = assertInstanceOf(IllegalStateException.class, seen.await());
                assertTrue(e.getMessage().startsWith("TaskGroup <TaskGroup> cannot determine the parent task"), e.getMessage());
                IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> tg.createTask(() -> null));
                assertTrue(e2.getMessage().endsWith("has not been entered"));
            });
        }

        // -------------------------------------------------------------- F11 names and contexts

        @Test
        void f11_taskNameIsPassedThrough() {
            run(() -> {
                AtomicReference<String> seen = new AtomicReference<>();
                taskGroup(g -> {
                    Task<Object> t = g.createTask(() -> {
                        seen.set(((Task<?>) currentTask()).getName());
                        return sleep(0, null);
                    }, "yolo");
                    assertEquals("yolo", t.getName());
                });
                assertEquals("yolo", seen.get());
            });
        }

        @Test
        void f11_sharedContextIsPassedThrough() {
            run(() -> {
                ContextVar<Integer> cvar = new ContextVar<>("cvar");
                taskGroup(g -> {
                    Context ctx = Context.copyContext();
                    assertNull(ctx.get(cvar));
                    Task<Object> t1 = g.createTask(() -> {
                        sleep(0);
                        cvar.set(1);
                        return null;
                    }, null, ctx);
                    t1.await();
                    assertEquals(1, ctx.get(cvar));
                    Task<Object> t2 = g.createTask(() -> {
                        sleep(0);
                        cvar.set(2);
                        return null;
                    }, null, ctx);
                    t2.await();
                    assertEquals(2, ctx.get(cvar));
                });
            });
        }

        // -------------------------------------------------------------- F13 dynamic spawning

        @Test
        void f13_dynamicSpawningUntilAFailure() {
            run(() -> {
                int[] nhydras = {0};
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(g -> {
                    g.createTask(() -> hydra(g, nhydras));
                    g.createTask(() -> {
                        while (nhydras[0] < 10) {
                            sleep(0.015);
                        }
                        return 1 / zero();
                    });
                }));
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                assertTrue(nhydras[0] >= 10, "hydras: " + nhydras[0]);
            });
        }

        private static Void hydra(TaskGroup g, int[] nhydras) {
            nhydras[0]++;
            sleep(0.01);
            g.createTask(() -> hydra(g, nhydras));
            g.createTask(() -> hydra(g, nhydras));
            return null;
        }

        // -------------------------------------------------------------- cancel counts (3.13)

        @Test
        void cancellingLevelIsRestored() {
            run(() -> {
                assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
                    tg.createTask(() -> sleepThenThrow(0.0, new IllegalStateException()));
                }));
                assertEquals(0, currentTask().cancelling());
                sleep(0); // the cancellation does not leak out of the group
            });
        }

        @Test
        void nestedGroupsBothCancelled() {
            run(() -> {
                ExceptionGroup outer = assertThrows(ExceptionGroup.class, () -> taskGroup(outerTg -> {
                    ExceptionGroup inner = assertThrows(ExceptionGroup.class, () -> taskGroup(innerTg -> {
                        innerTg.createTask(() -> sleepThenThrow(0, new IllegalStateException("inner")));
                        outerTg.createTask(() -> sleepThenThrow(0, new IllegalArgumentException("outer")));
                    }));
                    assertEquals(Set.of(IllegalStateException.class), errorTypes(inner));
                    assertEquals(1, currentTask().cancelling());
                }));
                assertEquals(Set.of(IllegalArgumentException.class), errorTypes(outer));
                assertEquals(0, currentTask().cancelling());
            });
        }

        @Test
        void errorAndOutsideCancelBothSurvive() {
            // CPython's test_error_and_cancel
            run(() -> {
                Future<Void> event = getRunningLoop().createFuture();
                Task<Void> t = createTask(() -> {
                    assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
                        tg.createTask(() -> {
                            event.setResult(null);
                            sleep(0);
                            throw new IllegalStateException();
                        });
                        sleep(1);
                        fail("sleep in the group should have been cancelled");
                    }));
                    assertEquals(1, currentTask().cancelling());
                    sleep(1);
                    fail("sleep after the group should have been cancelled");
                });
                event.await();
                assertEquals(0, t.cancelling());
                t.cancel();
                assertEquals(1, t.cancelling());
                assertThrows(CancelledError.class, t::await);
                assertTrue(t.isCancelled());
            });
        }

        @Test
        void exitRaisingInsideTheBodyKeepsTheCountAtZero() {
            // CPython's test_taskgroup_context_manager_exit_raises (gh-95289)
            run(() -> {
                Task<Void> main = createTask(() -> {
                    ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
                        try {
                            tg.createTask(() -> {
                                throw new MyExc();
                            });
                            sleep(1);
                        } finally {
                            throwIt(new MyExc()); // a nested resource whose close fails
                        }
                    }));
                    assertEquals(0, currentTask().cancelling());
                    assertEquals(2, eg.exceptions().size());
                });
                main.await();
            });
        }

        @Test
        void taskFailingRightAwayCancelsItsSiblingAtItsNextAwait() {
            // CPython's test_cancels_task_if_created_during_creation (gh-128550)
            run(() -> {
                boolean[] ran = {false};
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
                    tg.createTask(() -> {
                        tg.createTask(() -> {
                            throw new MyExc();
                        });
                        assertThrows(CancelledError.class, () -> {
                            sleep(0); // eager tasks are cancelled here
                            sleep(0); // lazy tasks here
                        });
                        ran[0] = true;
                    });
                }));
                assertTrue(ran[0]);
                assertInstanceOf(MyExc.class, eg.exceptions().get(0));
            });
        }

        @Test
        void taskNameSeenByTheTask() {
            run(() -> {
                AtomicReference<String> name = new AtomicReference<>();
                taskGroup(tg -> {
                    tg.createTask(() -> name.set(((Task<?>) currentTask()).getName()));
                });
                assertNotNull(name.get());
                taskGroup(tg -> {
                    tg.createTask(() -> {
                        name.set(((Task<?>) currentTask()).getName());
                        return null;
                    }, "example name");
                });
                assertEquals("example name", name.get());
            });
        }

        @Test
        void reprFollowsTheState() {
            run(() -> {
                TaskGroup tg = new TaskGroup();
                assertEquals("<TaskGroup>", tg.toString());
                List<String> seen = new ArrayList<>();
                assertThrows(ExceptionGroup.class, () -> tg.run(g -> {
                    seen.add(g.toString());
                    g.createTask(() -> sleep(1));
                    g.createTask(() -> sleepThenThrow(0.1, new MyExc()));
                    seen.add(g.toString());
                    try {
                        sleep(10);
                    } catch (CancelledError e) {
                        seen.add(g.toString());
                        throw e;
                    }
                    return null;
                }));
                assertEquals(List.of("<TaskGroup entered>", "<TaskGroup tasks=2 entered>",
                        "<TaskGroup tasks=1 errors=1 cancelling>"), seen);
            });
        }
    }

    static int zero() {
        return 0;
    }
}
