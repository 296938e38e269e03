package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.asyncio4j.TestLoops.now;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.Test;

/** Conformance section J (eager task factory) and CPython's test_eager_task_factory.py. */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class EagerTaskTest {

    private static <T> T runEager(Coroutine<T> main) {
        return TestLoops.runVirtual(main, TaskFactory.EAGER_TASK_FACTORY);
    }

    @Test
    void factoryIsInstalled() {
        runEager(() -> {
            assertSame(TaskFactory.EAGER_TASK_FACTORY, getRunningLoop().getTaskFactory());
            Task<Object> t = getRunningLoop().createTask(() -> null);
            assertNull(t.await());
            return null;
        });
    }

    // ------------------------------------------------------------------ J1 eager completion

    @Test
    void j1_aTaskThatNeverSuspendsIsDoneWhenCreateTaskReturns() {
        assertEquals("hello", runEager(() -> {
            Task<String> t = createTask(() -> "hello");
            assertTrue(t.isDone());
            return t.await();
        }));
    }

    @Test
    void j1_futureSetDuringTheEagerStepIsSetBeforeCreateTaskReturns() {
        runEager(() -> {
            List<Object> log = new ArrayList<>();
            Future<String> fut = getRunningLoop().createFuture();
            log.add("before");
            Task<Void> t = createTask(() -> {
                log.add("quick");
                fut.setResult("my message");
            });
            log.add(List.of("after", t.isDone()));
            assertEquals(List.of("before", "quick", List.of("after", true)), log);
            assertEquals("my message", fut.await());
            return null;
        });
    }

    @Test
    void j1_aFailingEagerTaskIsReturnedFailed() {
        runEager(() -> {
            Task<Object> t = createTask(() -> {
                throw new IllegalStateException("early");
            });
            assertTrue(t.isDone());
            assertEquals("early", t.exception().getMessage());
            return null;
        });
    }

    // ------------------------------------------------------------------ J2 eager start, then suspension

    @Test
    void j2_aTaskThatSuspendsContinuesAsANormalTask() {
        runEager(() -> {
            List<String> log = new ArrayList<>();
            Task<String> t = createTask(() -> {
                log.add("slow-start");
                sleep(0.1);
                log.add("slow-end");
                return "finished after blocking";
            });
            log.add("after-slow");
            assertFalse(t.isDone());
            assertEquals("finished after blocking", t.await());
            assertTrue(t.isDone());
            assertEquals(List.of("slow-start", "after-slow", "slow-end"), log);
            assertEquals(0.1, now());
            return null;
        });
    }

    @Test
    void j2_currentTaskDuringTheEagerStepIsTheNewTask() {
        runEager(() -> {
            Task<?> creator = currentTask();
            AtomicReference<Task<?>> captured = new AtomicReference<>();
            Task<Void> t = createTask(() -> {
                captured.set(currentTask());
                sleep(0.1);
                assertSame(captured.get(), currentTask());
            });
            assertSame(t, captured.get());
            assertSame(creator, currentTask());
            t.await();
            return null;
        });
    }

    @Test
    void eagerStepFromAPlainCallbackRestoresNoCurrentTask() {
        runEager(() -> {
            Future<List<Object>> seen = getRunningLoop().createFuture();
            getRunningLoop().callSoon(() -> {
                Task<?>[] inside = new Task<?>[1];
                Task<Void> t = createTask(() -> {
                    inside[0] = currentTask();
                });
                seen.setResult(java.util.Arrays.asList(t == inside[0], currentTask()));
            });
            assertEquals(java.util.Arrays.asList(true, null), seen.await());
            return null;
        });
    }

    @Test
    void nestedEagerTasksRestoreTheCurrentTask() {
        runEager(() -> {
            List<String> log = new ArrayList<>();
            Task<Void> outer = createTask(() -> {
                Task<?> me = currentTask();
                Task<Void> inner = createTask(() -> {
                    log.add("inner " + (currentTask() != me));
                    sleep(0.1);
                    log.add("inner resumed");
                });
                log.add("outer " + (currentTask() == me));
                inner.await();
            });
            log.add("main");
            outer.await();
            assertEquals(List.of("inner true", "outer true", "main", "inner resumed"), log);
            return null;
        });
    }

    // ------------------------------------------------------------------ J3 allTasks

    @Test
    void j3_anEagerlyCompletedTaskIsInAllTasksOnlyDuringItsStep() {
        runEager(() -> {
            AtomicReference<Set<Task<?>>> captured = new AtomicReference<>();
            Task<Void> t = createTask(() -> captured.set(allTasks()));
            assertTrue(captured.get().contains(t));
            assertFalse(allTasks().contains(t));
            return null;
        });
    }

    @Test
    void j3_aBlockedEagerTaskStaysInAllTasksUntilDone() {
        runEager(() -> {
            AtomicReference<Set<Task<?>>> captured = new AtomicReference<>();
            Future<Void> fut1 = getRunningLoop().createFuture();
            Future<Void> fut2 = getRunningLoop().createFuture();
            Task<Void> t = createTask(() -> {
                captured.set(allTasks());
                fut1.await();
                fut2.setResult(null);
            });
            assertTrue(captured.get().contains(t));
            assertTrue(allTasks().contains(t));
            fut1.setResult(null);
            fut2.await();
            sleep(0);
            assertFalse(allTasks().contains(t));
            return null;
        });
    }

    // ------------------------------------------------------------------ J4 cancellation

    @Test
    void j4_cancellingAnEagerlyCompletedTaskHasNoEffect() {
        assertEquals("finished without blocking", runEager(() -> {
            Task<String> t = createTask(() -> "finished without blocking");
            assertFalse(t.cancel());
            String result = t.await();
            assertFalse(t.isCancelled());
            return result;
        }));
    }

    @Test
    void j4_cancellingAfterTheEagerStepBlockedCancelsIt() {
        CancelledError e = assertThrows(CancelledError.class, () -> runEager(() -> {
            Task<String> t = createTask(() -> sleep(0.1, "finished after blocking"));
            assertTrue(t.cancel("cancellation message"));
            assertTrue(t.cancelling() > 0);
            return t.await();
        }));
        assertEquals("cancellation message", e.getMessage());
    }

    @Test
    void selfCancellationDuringTheEagerStepCancelsTheTask() {
        runEager(() -> {
            Task<Integer> t = createTask(() -> {
                currentTask().cancel();
                return 12;
            });
            assertTrue(t.isCancelled());
            assertThrows(CancelledError.class, t::await);
            return null;
        });
    }

    // ------------------------------------------------------------------ J5 contexts

    @Test
    void j5_theEagerStepRunsInACopyOfTheCallersContext() {
        runEager(() -> {
            ContextVar<Integer> cv = new ContextVar<>("cv", 0);
            boolean[] steps = {false, false};
            cv.set(1);
            Task<Void> t = createTask(() -> {
                assertEquals(1, cv.get());
                cv.set(2);
                assertEquals(2, cv.get());
                steps[0] = true;
                sleep(0.1);
                assertEquals(2, cv.get());
                cv.set(3);
                assertEquals(3, cv.get());
                steps[1] = true;
            });
            assertTrue(steps[0]);
            assertFalse(steps[1]);
            assertEquals(1, cv.get());
            t.await();
            assertTrue(steps[1]);
            assertEquals(1, cv.get());
            return null;
        });
    }

    // ------------------------------------------------------------------ J6 getCoro

    @Test
    void j6_getCoroIsNullAfterEagerCompletion() {
        runEager(() -> {
            Coroutine<String> quick = () -> "done";
            Task<String> t = createTask(quick);
            t.await();
            assertNull(t.getCoro());
            Coroutine<String> slow = () -> sleep(0.1, "done");
            Task<String> t2 = createTask(slow);
            assertSame(slow, t2.getCoro());
            t2.await();
            return null;
        });
    }

    // ------------------------------------------------------------------ J7 a loop that is not running

    @Test
    void j7_eagerFactoryOnALoopThatIsNotRunningSchedulesNormally() {
        VirtualTimeLoop loop = VirtualTimeLoop.create();
        try {
            loop.setTaskFactory(TaskFactory.EAGER_TASK_FACTORY);
            boolean[] started = {false};
            Task<String> t = loop.createTask(() -> {
                started[0] = true;
                return "ran";
            });
            assertFalse(started[0]);
            assertFalse(t.isDone());
            assertEquals("ran", loop.runUntilComplete(t));
            assertTrue(started[0]);
        } finally {
            loop.close();
        }
    }

    // ------------------------------------------------------------------ more

    @Test
    void nameIsSetOnAnEagerTask() {
        runEager(() -> {
            Task<String> t = createTask(() -> sleep(0, "x"), "eager-one");
            assertEquals("eager-one", t.getName());
            t.await();
            return null;
        });
    }

    @Test
    void recursiveTaskGroupsRunToTheEnd() {
        // CPython's test_recursive_taskgroups (width 5, depth 4), counting the tasks made
        for (TaskFactory factory : new TaskFactory[] {null, TaskFactory.EAGER_TASK_FACTORY}) {
            int[] made = {0};
            TaskFactory counting = new TaskFactory() {
                @Override
                public <T> Task<T> create(EventLoop loop, Coroutine<T> coro, String name, Context context) {
                    made[0]++;
                    return Task.create(loop, coro, name, context, factory != null);
                }
            };
            TestLoops.runVirtual(() -> {
                recursiveTaskGroups(5, 4);
                return null;
            }, counting);
            assertEquals(781, made[0], "factory " + factory); // main + 5 + 25 + 125 + 625
        }
    }

    private static void recursiveTaskGroups(int width, int depth) {
        if (depth == 0) {
            return;
        }
        taskGroup(tg -> {
            for (int i = 0; i < width; i++) {
                tg.createTask(() -> recursiveTaskGroups(width, depth - 1));
            }
        });
    }
}
