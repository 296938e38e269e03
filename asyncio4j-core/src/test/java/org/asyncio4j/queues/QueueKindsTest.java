package org.asyncio4j.queues;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.sync.SyncTesting.runVirtual;
import static org.asyncio4j.sync.SyncTesting.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.asyncio4j.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every kind of queue shares: conformance cases H7 (orders), H9–H11 (shutdown) and CPython's join
 * and shutdown mixins, run for Queue, LifoQueue and PriorityQueue.
 */
class QueueKindsTest {

    /** Makes a queue of one kind with the given maxsize. */
    @FunctionalInterface
    interface Kind {
        <T> Queue<T> make(int maxsize);
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of("Queue", (Kind) Queue::new),
                Arguments.of("LifoQueue", (Kind) LifoQueue::new),
                Arguments.of("PriorityQueue", (Kind) PriorityQueue::new));
    }

    @Test
    void h7_lifoOrder() {
        runVirtual(() -> {
            LifoQueue<Integer> q = new LifoQueue<>();
            for (int i : new int[] {1, 3, 2}) {
                q.put(i);
            }
            assertEquals(List.of(2, 3, 1), List.of(q.get(), q.get(), q.get()));
        });
    }

    @Test
    void h7_priorityOrder() {
        runVirtual(() -> {
            PriorityQueue<Integer> q = new PriorityQueue<>();
            for (int i : new int[] {1, 3, 2}) {
                q.put(i);
            }
            assertEquals(List.of(1, 2, 3), List.of(q.get(), q.get(), q.get()));
        });
    }

    record Job(int priority, String name) {}

    @Test
    void priorityQueueWithAComparator() {
        runVirtual(() -> {
            PriorityQueue<Job> q = new PriorityQueue<>(2, Comparator.comparingInt(Job::priority).reversed());
            q.put(new Job(1, "low"));
            q.put(new Job(5, "high"));
            assertTrue(q.isFull());
            Task<Void> blocked = createTask(() -> q.put(new Job(3, "mid")));
            tick();
            assertFalse(blocked.isDone());
            assertEquals("high", q.get().name());
            blocked.await();
            assertEquals("mid", q.get().name());
            assertEquals("low", q.get().name());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void taskDoneWithoutAPutFails(String name, Kind kind) {
        Queue<String> q = kind.make(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, q::taskDone);
        assertEquals("taskDone() called too many times", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void joinWaitsUntilEveryItemIsDone(String name, Kind kind) {
        runVirtual(() -> {
            Queue<Integer> q = kind.make(0);
            for (int i = 0; i < 100; i++) {
                q.putNowait(i);
            }
            int[] accumulator = {0};
            boolean[] running = {true};
            List<Task<Void>> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                workers.add(createTask(() -> {
                    while (running[0]) {
                        int item = q.get();
                        accumulator[0] += item;
                        q.taskDone();
                    }
                }));
            }
            q.join();
            assertEquals(4950, accumulator[0]);
            assertEquals(0, q.unfinishedTasks());
            running[0] = false;
            for (int w = 0; w < workers.size(); w++) {
                q.putNowait(0);
            }
            gather(workers, false).await();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void joinOfAnEmptyQueueReturnsAtOnce(String name, Kind kind) {
        runVirtual(() -> {
            Queue<String> q = kind.make(0);
            q.join();
            q.join();
            assertEquals(0, getRunningLoop().time());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void joinCountsPutsNotGets(String name, Kind kind) {
        runVirtual(() -> {
            Queue<String> q = kind.make(0);
            q.putNowait("a");
            q.getNowait();
            Task<Void> join = createTask(q::join);
            tick();
            assertFalse(join.isDone()); // got, but not marked done
            q.taskDone();
            tick();
            assertTrue(join.isDone());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void formatCountsTasksAndShutdown(String name, Kind kind) {
        Queue<String> q = kind.make(0);
        assertEquals("maxsize=0", q.format());
        q.putNowait("x");
        q.putNowait("y");
        q.getNowait();
        q.getNowait();
        assertEquals("maxsize=0 tasks=2", q.format());
        q.shutdown();
        assertEquals("maxsize=0 tasks=2 shutdown", q.format());
        assertTrue(q.toString().endsWith(" shutdown>"), q.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void h9_shutdownOfAnEmptyQueue(String name, Kind kind) {
        runVirtual(() -> {
            Queue<String> q = kind.make(0);
            Task<String> getTask = createTask(q::get);
            tick(); // the get is pending before the shutdown
            q.shutdown(false);
            assertEquals(0, q.qsize());
            q.join();
            tick();
            assertTrue(getTask.isDone());
            assertThrows(QueueShutDownException.class, getTask::await);
            assertShutDownForEverything(q);
            assertTrue(q.format().endsWith("shutdown"));
            assertEquals(0, q.getterCount());
        });
    }

    private static void assertShutDownForEverything(Queue<String> q) {
        assertThrows(QueueShutDownException.class, () -> q.put("data"));
        assertThrows(QueueShutDownException.class, () -> q.putNowait("data"));
        assertThrows(QueueShutDownException.class, q::get);
        QueueShutDownException e = assertThrows(QueueShutDownException.class, q::getNowait);
        assertEquals("Queue is shut down", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void h10_gracefulShutdownKeepsTheItems(String name, Kind kind) {
        runVirtual(() -> {
            Queue<String> q = kind.make(1);
            q.putNowait("data");
            Task<Void> joinTask = createTask(q::join);
            Task<Void> putTask = createTask(() -> q.put("data2"));
            tick();
            assertFalse(putTask.isDone());

            q.shutdown(false);
            assertEquals(1, q.qsize());
            tick();
            assertTrue(putTask.isDone());
            assertThrows(QueueShutDownException.class, putTask::await);

            assertEquals("data", q.get());
            tick();
            assertFalse(joinTask.isDone());
            assertShutDownForEverything(q);

            q.taskDone();
            tick();
            assertTrue(joinTask.isDone());
            joinTask.await();
            assertThrows(IllegalArgumentException.class, q::taskDone);
            assertEquals(0, q.putterCount());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void h11_immediateShutdownDiscardsTheItems(String name, Kind kind) {
        runVirtual(() -> {
            Queue<String> q = kind.make(0);
            q.putNowait("data");
            Task<Void> joinTask = createTask(q::join);
            q.shutdown(true);
            assertEquals(0, q.qsize());
            tick();
            assertTrue(joinTask.isDone());
            joinTask.await();
            assertShutDownForEverything(q);
            assertThrows(IllegalArgumentException.class, q::taskDone);
            assertEquals(0, q.unfinishedTasks());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void h11_immediateShutdownWithAnUnfinishedItem(String name, Kind kind) {
        runVirtual(() -> {
            Queue<String> q = kind.make(0);
            q.putNowait("data");
            q.putNowait("data");
            Task<Void> joinTask = createTask(q::join);
            assertEquals("data", q.get());
            q.shutdown(true); // unfinished: 2 -> 1
            assertEquals(0, q.qsize());
            tick();
            assertFalse(joinTask.isDone());
            assertShutDownForEverything(q);
            q.taskDone();
            assertThrows(IllegalArgumentException.class, q::taskDone);
            tick();
            assertTrue(joinTask.isDone());
            joinTask.await();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shutdownWakesBlockedGettersAndPuttersInOrder(String name, Kind kind) {
        runVirtual(() -> {
            Queue<String> empty = kind.make(0);
            List<String> log = new ArrayList<>();
            List<Task<Void>> getters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int id = i;
                getters.add(createTask(() -> {
                    try {
                        empty.get();
                    } catch (QueueShutDownException e) {
                        log.add("g" + id);
                    }
                }));
            }
            Queue<String> full = kind.make(1);
            full.putNowait("x");
            List<Task<Void>> putters = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int id = i;
                putters.add(createTask(() -> {
                    try {
                        full.put("y");
                    } catch (QueueShutDownException e) {
                        log.add("p" + id);
                    }
                }));
            }
            tick();
            full.shutdown();
            empty.shutdown();
            gather(getters, false).await();
            gather(putters, false).await();
            assertEquals(List.of("p0", "p1", "g0", "g1", "g2"), log);
            assertEquals("x", full.get()); // graceful: the item stays gettable
            assertEquals(0, empty.getterCount());
            assertEquals(0, full.putterCount());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void gracefulShutdownLetsBlockedGettersDrainTheRest(String name, Kind kind) {
        runVirtual(() -> {
            Queue<String> q = kind.make(0);
            Task<String> g1 = createTask(q::get);
            Task<String> g2 = createTask(q::get);
            tick();
            q.putNowait("only"); // wakes g1
            q.shutdown(); // wakes g2, which finds the queue empty after g1 took the item
            assertEquals("only", g1.await());
            assertThrows(QueueShutDownException.class, g2::await);
        });
    }
}
