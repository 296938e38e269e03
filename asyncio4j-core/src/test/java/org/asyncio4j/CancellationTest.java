package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.asyncio4j.TestLoops.runVirtual;
import static org.junit.jupiter.api.Assertions.*;

import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.Test;

/**
 * Conformance cases C15-C22 (tasks and cancellation, from CPython's test_tasks.py), and how the
 * cancellation scopes compose.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class CancellationTest {

    @Test
    void c15_fatalErrorWhileHandlingCancellationEscapesTheLoop() {
        VirtualTimeLoop loop = VirtualTimeLoop.create();
        try {
            InternalError fatal = new InternalError("fatal");
            Task<Void> task = loop.createTask(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    throw fatal;
                }
                return null;
            });
            loop.runUntilComplete(() -> sleep(0, null)); // the task starts sleeping
            task.cancel();
            assertFalse(task.isDone());
            InternalError escaped = assertThrows(InternalError.class, () -> loop.runUntilComplete(() -> sleep(0, null)));
            assertSame(fatal, escaped);
            assertTrue(task.isDone());
            assertFalse(task.isCancelled());
            assertSame(fatal, task.exception());
        } finally {
            loop.close();
        }
    }

    @Test
    void c17_tasksRefuseSetResultAndSetException() {
        runVirtual(() -> {
            Task<String> task = createTask(() -> "ko");
            IllegalStateException e1 = assertThrows(IllegalStateException.class, () -> task.setResult("ok"));
            assertEquals("Task does not support setResult operation", e1.getMessage());
            IllegalStateException e2 = assertThrows(IllegalStateException.class,
                    () -> task.setException(new IllegalArgumentException()));
            assertEquals("Task does not support setException operation", e2.getMessage());
            assertEquals("ko", task.await());
        });
    }

    @Test
    void c17_aNullCoroutineIsRejected() {
        runVirtual(() -> {
            assertThrows(NullPointerException.class, () -> createTask((Coroutine<Object>) null));
        });
    }

    @Test
    void c21_namesCoroAndContextAccessors() {
        runVirtual(() -> {
            Coroutine<Integer> coro = () -> 1;
            Task<Integer> a = createTask(coro);
            Task<Integer> b = createTask(coro);
            int na = Integer.parseInt(a.getName().substring("Task-".length()));
            assertEquals("Task-" + (na + 1), b.getName());
            assertSame(coro, a.getCoro());
            b.setName("renamed");
            assertEquals("renamed", b.getName());
            Context ctx = new Context();
            Task<Integer> c = createTask(coro, "named", ctx);
            assertSame(ctx, c.getContext());
            assertEquals("named", c.getName());
            assertTrue(c.toString().startsWith("<Task pending name='named' coro=<"), c.toString());
            gather(a, b, c).await();
            assertTrue(c.toString().startsWith("<Task finished name='named'"), c.toString());
        });
    }

    @Test
    void c22_aTaskNobodyReferencesIsNotLost() {
        // asyncio keeps only weak references to tasks, so such a task may vanish there (gh-88831);
        // asyncio4j keeps pending tasks strongly.
        runVirtual(() -> {
            boolean[] finished = {false};
            startAndForget(finished);
            System.gc();
            sleep(1);
            assertTrue(finished[0]);
        });
    }

    private static void startAndForget(boolean[] finished) {
        createTask(() -> {
            sleep(0.5);
            finished[0] = true;
        });
    }

    // ------------------------------------------------------------------ composition of the scopes

    @Test
    void timeoutInsideATaskGroupChildOnlyAffectsThatChild() {
        runVirtual(() -> {
            Task<?>[] ts = new Task<?>[2];
            taskGroup(tg -> {
                ts[0] = tg.createTask(() -> {
                    try {
                        return timeout(0.1, () -> sleep(1, "slow"));
                    } catch (TimedOutException e) {
                        return "timed out";
                    }
                });
                ts[1] = tg.createTask(() -> sleep(0.5, "fast enough"));
            });
            assertEquals("timed out", ts[0].result());
            assertEquals("fast enough", ts[1].result());
            assertEquals(0.5, TestLoops.now());
        });
    }

    @Test
    void taskGroupInsideAnExpiredTimeoutCancelsItsChildrenAndTimesOut() {
        runVirtual(() -> {
            int[] cancelledChildren = {0};
            assertThrows(TimedOutException.class, () -> timeout(0.1, () -> {
                taskGroup(tg -> {
                    for (int i = 0; i < 3; i++) {
                        tg.createTask(() -> {
                            try {
                                sleep(10);
                            } catch (CancelledError e) {
                                cancelledChildren[0]++;
                                throw e;
                            }
                        });
                    }
                });
                return null;
            }));
            assertEquals(3, cancelledChildren[0]);
            assertEquals(0.1, TestLoops.now());
            assertEquals(0, currentTask().cancelling());
        });
    }

    @Test
    void waitForInsideATaskGroupTimesOutWithoutAbortingTheGroup() {
        runVirtual(() -> {
            String r = taskGroup(tg -> {
                Task<String> other = tg.createTask(() -> sleep(0.3, "other"));
                String mine;
                try {
                    mine = waitFor(() -> sleep(1, "mine"), 0.2);
                } catch (TimedOutException e) {
                    mine = "gave up";
                }
                return mine + "+" + other.await();
            });
            assertEquals("gave up+other", r);
            assertEquals(0.3, TestLoops.now());
        });
    }

    @Test
    void groupFailureInsideWaitForIsNotATimeout() {
        runVirtual(() -> {
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> waitFor(() -> taskGroup(tg -> {
                tg.createTask(() -> {
                    sleep(0.1);
                    throw new IllegalStateException("child");
                });
                return sleep(1, null);
            }), 5));
            assertEquals("child", eg.exceptions().get(0).getMessage());
            assertEquals(0, eg.getSuppressed().length - eg.exceptions().size()); // no TimedOutException attached
            assertEquals(0, currentTask().cancelling());
        });
    }
}
