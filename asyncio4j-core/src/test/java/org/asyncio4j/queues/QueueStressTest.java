package org.asyncio4j.queues;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.asyncio4j.CancelledError;
import org.asyncio4j.Task;
import org.asyncio4j.sync.Stress;
import org.junit.jupiter.api.Test;

/**
 * Queue, LifoQueue and PriorityQueue under random producers, consumers, joiners, cancellations and
 * shutdowns, against a model of the queue's content: every item put is delivered exactly once (or
 * discarded by an immediate shutdown) in the kind's order, a cancelled put puts nothing, no getter or
 * putter sleeps while an item or a slot waits for it, taskDone/join count right, and nothing is left
 * behind; checked after every step.
 */
class QueueStressTest {
    private static final int SEEDS = 1000;

    private enum Kind { FIFO, LIFO, PRIORITY }

    private long handOffs;
    private long cancelled;
    private long blockedPuts;
    private long shutdownsMidway;

    @Test
    void randomProducersAndConsumersDeliverEveryItemOnceInOrder() {
        if (Stress.forEachSeed("Queue", SEEDS, this::scenario)) {
            assertTrue(handOffs > SEEDS * 5L, "items delivered: " + handOffs);
            assertTrue(cancelled > SEEDS / 2, "cancellations: " + cancelled);
            assertTrue(blockedPuts > SEEDS / 2, "puts that had to wait: " + blockedPuts);
            assertTrue(shutdownsMidway > SEEDS / 10, "shutdowns while producing: " + shutdownsMidway);
        }
    }

    /** What the queue must hold, in insertion order, and what happened to every item. */
    private static final class Model {
        final Kind kind;
        final List<Integer> content = new ArrayList<>();
        final Set<Integer> put = new HashSet<>();
        final Set<Integer> delivered = new HashSet<>();
        final Set<Integer> discarded = new HashSet<>();
        int taskDones;
        int zeroEvents;

        Model(Kind kind) {
            this.kind = kind;
        }

        void enqueued(int item) {
            assertTrue(put.add(item), "item " + item + " put twice");
            content.add(item);
        }

        void dequeued(int item) {
            Integer expected = switch (kind) {
                case FIFO -> content.get(0);
                case LIFO -> content.get(content.size() - 1);
                case PRIORITY -> Collections.min(content);
            };
            assertEquals(expected, item, kind + " order broken");
            content.remove(expected);
            assertTrue(delivered.add(item), "item " + item + " delivered twice");
        }
    }

    private void scenario(long seed) {
        Random rnd = new Random(seed);
        Kind kind = Kind.values()[rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(2) : 0];
        int maxsize = rnd.nextInt(4);
        int nProducers = 1 + rnd.nextInt(3);
        int nConsumers = 1 + rnd.nextInt(3);
        int itemsEach = 1 + rnd.nextInt(10);
        double cancelRate = rnd.nextDouble() * 0.4;
        boolean shutdownMidway = rnd.nextInt(4) == 0;
        boolean immediate = rnd.nextBoolean();
        Stress.runScenario(run -> {
            Queue<Integer> q = switch (kind) {
                case FIFO -> new Queue<>(maxsize);
                case LIFO -> new LifoQueue<>(maxsize);
                case PRIORITY -> new PriorityQueue<>(maxsize);
            };
            Model model = new Model(kind);
            int[] inGet = {0};
            int[] inPut = {0};
            boolean[] shutDown = {false};
            Runnable check = () -> {
                assertEquals(model.content.size(), q.qsize(), "the queue does not hold what was put and not got");
                if (maxsize > 0) {
                    assertTrue(q.qsize() <= maxsize, "over maxsize");
                }
                assertEquals(model.put.size() - model.taskDones - model.discarded.size(), q.unfinishedTasks());
                int sleepingGetters = q.pendingGetterCount();
                if (sleepingGetters > 0) {
                    assertTrue(q.qsize() <= inGet[0] - sleepingGetters,
                            "lost wake-up: " + q.qsize() + " items while " + sleepingGetters + " getters sleep");
                }
                int sleepingPutters = q.pendingPutterCount();
                if (sleepingPutters > 0) {
                    assertTrue(maxsize - q.qsize() <= inPut[0] - sleepingPutters,
                            "lost wake-up: " + (maxsize - q.qsize()) + " free slots while " + sleepingPutters + " putters sleep");
                }
            };
            List<Task<Void>> producers = new ArrayList<>();
            for (int p = 0; p < nProducers; p++) {
                int base = p * 1000;
                producers.add(run.worker(itemsEach, check, i -> {
                    int item = base + i;
                    try {
                        Stress.pause(rnd);
                        check.run();
                        if (rnd.nextInt(5) == 0) {
                            if (q.isFull() && !shutDown[0]) {
                                assertThrows(QueueFullException.class, () -> q.putNowait(item));
                                return true;
                            }
                            q.putNowait(item);
                        } else {
                            if (q.isFull()) {
                                blockedPuts++;
                            }
                            inPut[0]++;
                            try {
                                q.put(item);
                            } finally {
                                inPut[0]--;
                            }
                        }
                        model.enqueued(item);
                        check.run();
                        return true;
                    } catch (QueueShutDownException e) {
                        assertTrue(shutDown[0], "QueueShutDownException before shutdown()");
                        check.run();
                        return false;
                    }
                }));
            }
            List<Task<Void>> consumers = new ArrayList<>();
            for (int c = 0; c < nConsumers; c++) {
                consumers.add(run.worker(Integer.MAX_VALUE, check, r -> {
                    try {
                        Stress.pause(rnd);
                        check.run();
                        int item;
                        if (!q.isEmpty() && rnd.nextInt(4) == 0) {
                            item = q.getNowait();
                        } else {
                            if (q.isEmpty() && !shutDown[0] && rnd.nextInt(8) == 0) {
                                assertThrows(QueueEmptyException.class, q::getNowait);
                            }
                            inGet[0]++;
                            try {
                                item = q.get();
                            } finally {
                                inGet[0]--;
                            }
                        }
                        model.dequeued(item);
                        q.taskDone();
                        model.taskDones++;
                        if (q.unfinishedTasks() == 0) {
                            model.zeroEvents++;
                        }
                        handOffs++;
                        check.run();
                        return true;
                    } catch (QueueShutDownException e) {
                        assertTrue(shutDown[0], "QueueShutDownException before shutdown()");
                        assertTrue(q.isEmpty(), "get() failed although items are left");
                        check.run();
                        return false;
                    }
                }));
            }
            Task<Void> joiner = createTask(() -> {
                while (!shutDown[0]) {
                    try {
                        Stress.nap(rnd);
                        int zeros = model.zeroEvents;
                        boolean idle = q.unfinishedTasks() == 0;
                        q.join();
                        assertTrue(idle || model.zeroEvents > zeros || shutDown[0], "join() returned with work unfinished");
                        check.run();
                    } catch (CancelledError e) {
                        run.swallow(e);
                        check.run();
                    }
                }
            });
            List<Task<Void>> victims = new ArrayList<>(producers);
            victims.addAll(consumers);
            victims.add(joiner);
            Task<Void> chaos = Stress.startChaos(rnd, victims, () -> Stress.allDone(producers), cancelRate, v -> {}, check);
            if (shutdownMidway) {
                sleep(0.002 * rnd.nextInt(5));
                shutdownsMidway++;
                shutdown(q, model, shutDown, immediate);
                check.run();
            }
            gather(producers, false).await();
            chaos.await();
            q.join(); // the consumers get and mark done everything that was put
            assertEquals(0, q.unfinishedTasks());
            sleep(1); // everyone settles
            check.run();
            assertEquals(0, q.qsize());
            if (!shutDown[0]) {
                assertEquals(nConsumers, q.pendingGetterCount(), "consumers not back to waiting");
                shutdown(q, model, shutDown, immediate);
            }
            gather(consumers, false).await();
            joiner.await();
            Set<Integer> accounted = new HashSet<>(model.delivered);
            accounted.addAll(model.discarded);
            assertEquals(model.put, accounted, "items lost or invented");
            assertEquals(model.put.size(), model.delivered.size() + model.discarded.size(), "an item delivered and discarded");
            assertEquals(0, q.getterCount());
            assertEquals(0, q.putterCount());
            check.run();
            cancelled += run.cancellations();
        });
    }

    private static void shutdown(Queue<Integer> q, Model model, boolean[] shutDown, boolean immediate) {
        shutDown[0] = true;
        if (immediate) {
            model.discarded.addAll(model.content);
            model.content.clear();
        }
        q.shutdown(immediate); // the checks that follow see an immediate shutdown's discards marked done
    }
}
