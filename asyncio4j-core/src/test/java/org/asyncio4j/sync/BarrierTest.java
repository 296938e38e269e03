package org.asyncio4j.sync;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.sync.SyncTesting.runVirtual;
import static org.asyncio4j.sync.SyncTesting.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.asyncio4j.Awaitable;
import org.asyncio4j.CancelledError;
import org.asyncio4j.Coroutine;
import org.asyncio4j.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Barrier: conformance cases G18, G19 and CPython's test_locks.BarrierTests. */
class BarrierTest {
    private static final int N = 5;

    private static <T> List<Task<T>> makeTasks(int n, Coroutine<T> coro) {
        List<Task<T>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(createTask(coro));
        }
        return tasks;
    }

    private static <T> List<T> gatherTasks(int n, Coroutine<T> coro) {
        return gather(makeTasks(n, coro), false).await();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static void assertIdle(Barrier barrier) {
        assertEquals(0, barrier.nWaiting());
        assertEquals(0, barrier.count());
        assertEquals(0, barrier.condition().waiterCount());
        assertFalse(barrier.condition().isLocked());
    }

    @Test
    void partiesMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertEquals("parties must be > 0, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Barrier(-4));
        assertEquals(N, new Barrier(N).parties());
    }

    @Test
    void newBarrierIsFillingAndNotAwaitable() {
        Barrier barrier = new Barrier(N);
        assertTrue(barrier.toString().matches("<Barrier@[0-9a-f]+ \\[filling, waiters:0/5]>"), barrier.toString());
        assertEquals(Barrier.State.FILLING, barrier.state());
        assertFalse(Awaitable.class.isAssignableFrom(Barrier.class));
    }

    @Test
    void toStringFollowsTheStates() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(N);
            List<Task<Integer>> waiters = new ArrayList<>();
            int incr = 2;
            waiters.addAll(makeTasks(incr, barrier::await));
            tick();
            assertTrue(barrier.toString().endsWith("[filling, waiters:2/5]>"), barrier.toString());

            waiters.addAll(makeTasks(barrier.parties() - barrier.nWaiting(), barrier::await));
            tick();
            assertTrue(barrier.toString().contains("draining"), barrier.toString());

            waiters.addAll(makeTasks(incr, barrier::await));
            tick();
            barrier.reset();
            assertTrue(barrier.toString().contains("resetting"), barrier.toString());

            waiters.addAll(makeTasks(incr, barrier::await));
            tick();
            barrier.abort();
            assertTrue(barrier.toString().endsWith("[broken]>"), barrier.toString());
            assertTrue(barrier.isBroken());
            gather(waiters, true).await();
        });
    }

    @Test
    void awaitReturnsEveryIndexOnce() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(3);
            List<Integer> results = new ArrayList<>(gatherTasks(3, barrier::await));
            Collections.sort(results);
            assertEquals(range(3), results);
            assertIdle(barrier);
            assertFalse(barrier.isBroken());
        });
    }

    @Test
    void oneParty() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(1);
            assertEquals(0, barrier.await());
            assertIdle(barrier);
            assertFalse(barrier.isBroken());
        });
    }

    @Test
    void onePartyTwice() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(1);
            Task<Integer> t1 = createTask(barrier::await);
            tick();
            assertEquals(0, barrier.nWaiting());
            Task<Integer> t2 = createTask(barrier::await);
            tick();
            assertTrue(t1.isDone() && t2.isDone());
            assertEquals(t1.result(), t2.result());
            assertIdle(barrier);
            assertFalse(barrier.isBroken());
        });
    }

    @Test
    void fillingTaskByTask() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(3);
            Task<Integer> t1 = createTask(barrier::await);
            tick();
            assertEquals(1, barrier.nWaiting());
            assertEquals(Barrier.State.FILLING, barrier.state());
            Task<Integer> t2 = createTask(barrier::await);
            tick();
            assertEquals(2, barrier.nWaiting());
            assertEquals(Barrier.State.FILLING, barrier.state());
            Task<Integer> t3 = createTask(barrier::await);
            tick();
            assertEquals(Barrier.State.DRAINING, barrier.state());
            assertEquals(0, barrier.nWaiting());
            List<Integer> indices = new ArrayList<>(gather(List.of(t1, t2, t3), false).await());
            assertEquals(List.of(0, 1, 2), indices); // arrival order
            assertIdle(barrier);
            assertEquals(Barrier.State.FILLING, barrier.state());
        });
    }

    @Test
    void tasksWaitTwice() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results = new ArrayList<>();
            gatherTasks(N, () -> {
                barrier.await();
                results.add(true);
                barrier.await();
                results.add(false);
                return null;
            });
            assertEquals(2 * N, results.size());
            assertEquals(N, Collections.frequency(results, true));
            assertEquals(List.of(true, true, true, true, true), results.subList(0, N)); // nobody passes twice early
            assertIdle(barrier);
        });
    }

    @Test
    void secondCycleReturnsEveryIndexOnce() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Integer> res = new ArrayList<>(gatherTasks(N, () -> {
                barrier.await();
                results1.add(true);
                return barrier.await();
            }));
            assertEquals(N, results1.size());
            Collections.sort(res);
            assertEquals(range(N), res);
            assertIdle(barrier);
        });
    }

    @Test
    void g18_releasedTasksSeeDrainingUntilTheLastLeaves() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results = new ArrayList<>();
            gatherTasks(N, () -> {
                barrier.await();
                results.add(barrier.toString().contains("draining"));
                return null;
            });
            assertEquals(List.of(true, true, true, true, false), results);
            assertIdle(barrier);
        });
    }

    @Test
    void g18_arrivalsWhileDrainingWaitForTheNextCycle() {
        runVirtual(() -> {
            int rewait = 2;
            Barrier barrier = new Barrier(N);
            Barrier nowaiting = new Barrier(N - rewait);
            int[] rewaitN = {rewait};
            gatherTasks(N, () -> {
                barrier.await();
                if (rewaitN[0] > 0) {
                    rewaitN[0]--;
                    barrier.await(); // blocks while the first cycle drains
                } else {
                    nowaiting.await();
                    barrier.await();
                }
                return null;
            });
            assertIdle(barrier);
            assertIdle(nowaiting);
        });
    }

    @Test
    void g19_cancellingAWaiterDropsTheCount() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(3);
            List<Boolean> results = new ArrayList<>();
            Coroutine<Void> coro = () -> {
                barrier.await();
                results.add(true);
                return null;
            };
            Task<Void> t1 = createTask(coro);
            tick();
            assertEquals(1, barrier.nWaiting());
            Task<Void> t2 = createTask(coro);
            tick();
            assertEquals(2, barrier.nWaiting());

            t1.cancel();
            tick();
            assertEquals(1, barrier.nWaiting());
            assertThrows(CancelledError.class, t1::await);
            assertTrue(t1.isCancelled());

            Task<Void> t3 = createTask(coro);
            tick();
            assertEquals(2, barrier.nWaiting());
            Task<Void> t4 = createTask(coro);
            gather(t2, t3, t4).await();
            assertEquals(List.of(true, true, true), results);
            assertIdle(barrier);
            assertFalse(barrier.isBroken());
        });
    }

    @Test
    void resetOfAnIdleBarrier() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(1);
            createTask(barrier::reset);
            tick();
            assertIdle(barrier);
            assertFalse(barrier.isBroken());
            assertEquals(Barrier.State.FILLING, barrier.state());
        });
    }

    @Test
    void resetBreaksTheWaiters() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(N);
            List<String> results = new ArrayList<>();
            List<Task<Void>> tasks = makeTasks(N - 1, () -> {
                BrokenBarrierException e = assertThrows(BrokenBarrierException.class, barrier::await);
                results.add(e.getMessage());
                return null;
            });
            tick();
            createTask(barrier::reset);
            gather(tasks, false).await();
            assertEquals(Collections.nCopies(N - 1, "Abort or reset of barrier"), results);
            assertIdle(barrier);
            assertEquals(Barrier.State.FILLING, barrier.state());
        });
    }

    @Test
    void resetWhenHalfTheTasksHaveDrained() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            int restOfTasks = N / 2;
            gatherTasks(N, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierException e) {
                    results1.add(true); // still waiting when the reset came
                    return null;
                }
                if (restOfTasks == barrier.count()) {
                    barrier.reset();
                }
                return null;
            });
            assertEquals(Collections.nCopies(restOfTasks, true), results1);
            assertIdle(barrier);
            assertEquals(Barrier.State.FILLING, barrier.state());
        });
    }

    @Test
    void resetWhenHalfDrainedAndHalfBlocked() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            int blockingTasks = N / 2;
            int[] count = {0};
            gatherTasks(N, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierException e) {
                    results1.add(true);
                    barrier.await();
                    return null;
                }
                count[0]++;
                if (count[0] > blockingTasks) {
                    barrier.reset();
                    barrier.await();
                } else {
                    try {
                        barrier.await();
                    } catch (BrokenBarrierException e) {
                        results2.add(true);
                    }
                }
                return null;
            });
            assertEquals(Collections.nCopies(blockingTasks, true), results1);
            assertEquals(List.of(), results2);
            assertIdle(barrier);
            assertEquals(Barrier.State.FILLING, barrier.state());
        });
    }

    @Test
    void resetWhileTasksWaitAndWaitAgain() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            List<Task<Void>> tasks = makeTasks(N - 1, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierException e) {
                    results1.add(true);
                } finally {
                    barrier.await();
                    results2.add(true);
                }
                return null;
            });
            createTask(barrier::reset);
            tick();
            Task<Void> last = createTask(() -> {
                barrier.await();
                results2.add(true);
                return null;
            });
            gather(tasks, false).await();
            last.await();
            assertFalse(barrier.isBroken());
            assertEquals(Collections.nCopies(N - 1, true), results1);
            assertEquals(Collections.nCopies(N, true), results2);
            assertIdle(barrier);
        });
    }

    @Test
    void resetWhileTasksDrain() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            List<Boolean> results3 = new ArrayList<>();
            int[] count = {0};
            gatherTasks(N, () -> {
                barrier.await();
                count[0]++;
                if (count[0] == N) {
                    barrier.reset(); // the last task out resets: nobody is inside any more
                    barrier.await();
                } else {
                    try {
                        barrier.await();
                        results1.add(true);
                    } catch (RuntimeException e) {
                        results2.add(true);
                    }
                }
                barrier.await();
                results3.add(true);
                return null;
            });
            assertFalse(barrier.isBroken());
            assertEquals(Collections.nCopies(N - 1, true), results1);
            assertEquals(List.of(), results2);
            assertEquals(Collections.nCopies(N, true), results3);
            assertIdle(barrier);
        });
    }

    @Test
    void abortOfAnIdleBarrier() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(1);
            createTask(barrier::abort);
            tick();
            assertEquals(0, barrier.nWaiting());
            assertTrue(barrier.isBroken());
            BrokenBarrierException e = assertThrows(BrokenBarrierException.class, barrier::await);
            assertEquals("Barrier aborted", e.getMessage());
            assertInstanceOf(IllegalStateException.class, e);
        });
    }

    @Test
    void abortWhenHalfDrainedAndHalfBlocked() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            int blockingTasks = N / 2;
            int[] count = {0};
            gatherTasks(N, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierException e) {
                    results1.add(true);
                    return null;
                }
                count[0]++;
                if (count[0] > blockingTasks) {
                    barrier.abort();
                } else {
                    try {
                        barrier.await();
                    } catch (BrokenBarrierException e) {
                        results2.add(true);
                    }
                }
                return null;
            });
            assertTrue(barrier.isBroken());
            assertEquals(Collections.nCopies(blockingTasks, true), results1);
            assertEquals(Collections.nCopies(N - blockingTasks - 1, true), results2);
            assertIdle(barrier);
        });
    }

    /**
     * A party of CPython's abort tests: awaits the barrier twice (then logs to {@code passed}), except the
     * one given the middle index, which fails between the two and aborts the barrier instead; a party the
     * abort breaks logs to {@code broken}.
     */
    private static void awaitTwiceOrAbortAtTheMiddleIndex(Barrier barrier, List<Boolean> passed, List<Boolean> broken) {
        try {
            int i = barrier.await();
            if (i == N / 2) {
                throw new ArithmeticException("this party fails");
            }
            barrier.await();
            passed.add(true);
        } catch (BrokenBarrierException e) {
            broken.add(true);
        } catch (ArithmeticException e) {
            barrier.abort();
        }
    }

    @Test
    void abortWhenOnePartyFails() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            gatherTasks(N, () -> {
                awaitTwiceOrAbortAtTheMiddleIndex(barrier, results1, results2);
                return null;
            });
            assertTrue(barrier.isBroken());
            assertEquals(List.of(), results1);
            assertEquals(Collections.nCopies(N - 1, true), results2);
            assertIdle(barrier);
        });
    }

    @Test
    void abortThenResetMakesTheBarrierUsableAgain() {
        runVirtual(() -> {
            Barrier barrier1 = new Barrier(N);
            Barrier barrier2 = new Barrier(N);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            List<Boolean> results3 = new ArrayList<>();
            gatherTasks(N, () -> {
                awaitTwiceOrAbortAtTheMiddleIndex(barrier1, results1, results2);
                // everyone has left barrier1 before the reset, and nobody enters it before
                int i = barrier2.await();
                if (i == N / 2) {
                    barrier1.reset();
                }
                barrier2.await();
                barrier1.await();
                results3.add(true);
                return null;
            });
            assertFalse(barrier1.isBroken());
            assertEquals(List.of(), results1);
            assertEquals(Collections.nCopies(N - 1, true), results2);
            assertEquals(Collections.nCopies(N, true), results3);
            assertIdle(barrier1);
            assertIdle(barrier2);
        });
    }
}
