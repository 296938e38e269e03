package org.asyncio4j.sync;

import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.asyncio4j.AsyncRunnable;
import org.asyncio4j.Task;
import org.junit.jupiter.api.Test;

/**
 * Condition under random producer/consumer/cancel interleavings: the lock is exclusive and held again
 * whenever await() returns or throws, no notification is lost (once the producers stop, every item is
 * consumed and every consumer is back waiting, although cancelled consumers may have retired with a
 * notification in hand) and nothing is left behind; checked after every step.
 */
class ConditionStressTest {
    private static final int SEEDS = 1500;

    private long cancelled;
    private long waits;

    @Test
    void randomProducersAndConsumersLoseNoNotification() {
        if (Stress.forEachSeed("Condition", SEEDS, this::scenario)) {
            assertTrue(waits > SEEDS * 3L, "waits: " + waits);
            assertTrue(cancelled > SEEDS / 2, "cancellations: " + cancelled);
        }
    }

    /** The test's view of who holds the condition's lock. */
    private static final class Holder {
        Integer id;

        void enter(Condition cond, int me) {
            assertTrue(cond.isLocked(), "the lock is not held on return from acquire()/await()");
            assertNull(id, "two holders");
            id = me;
        }

        void leave(int me) {
            assertEquals(me, id);
            id = null;
        }

        /** Takes the lock as {@code me} for {@code body}; however it ends, leaves, releases and checks. */
        boolean holding(Condition cond, int me, Runnable check, Callable<Boolean> body) throws Exception {
            cond.acquire();
            enter(cond, me);
            try {
                return body.call();
            } finally {
                leave(me);
                cond.release();
                check.run();
            }
        }

        /** Lets go of the lock during {@code wait} (on the condition); holds it again however that ends. */
        void waiting(Condition cond, int me, Runnable check, AsyncRunnable wait) throws Exception {
            leave(me);
            try {
                wait.run();
            } finally {
                enter(cond, me);
                check.run();
            }
        }
    }

    private void scenario(long seed) {
        Random rnd = new Random(seed);
        int nProducers = 1 + rnd.nextInt(3);
        int nConsumers = 1 + rnd.nextInt(4);
        int itemsEach = 2 + rnd.nextInt(9);
        double cancelRate = rnd.nextDouble() * 0.4;
        boolean sharedLock = rnd.nextBoolean();
        Stress.runScenario(run -> {
            Lock lock = new Lock();
            Condition cond = sharedLock ? new Condition(lock) : new Condition();
            Holder holder = new Holder();
            int[] items = {0};
            int[] produced = {0};
            int[] consumed = {0};
            boolean[] stop = {false};
            int[] active = {nConsumers};
            Runnable check = () -> {
                Lock l = cond.lock();
                assertEquals(holder.id != null, l.isLocked(), "isLocked() disagrees with the holder");
                if (!l.isLocked() && l.waiterCount() > 0) {
                    assertTrue(l.firstWaiter().isDone(), "lost wake-up: the lock is free and its first waiter sleeps");
                }
                assertEquals(produced[0] - consumed[0], items[0]);
                // Every item put comes with a notification, and a notified consumer consumes or passes the
                // notification on: while some consumer sleeps, the awake ones (not sleeping in await) must
                // be enough for the items.
                int sleeping = cond.pendingWaiterCount();
                if (!stop[0] && sleeping > 0) {
                    assertTrue(items[0] <= active[0] - sleeping, "lost notification: " + items[0] + " items, "
                            + sleeping + " of " + active[0] + " consumers asleep");
                }
            };
            List<Task<Void>> producers = new ArrayList<>();
            for (int p = 0; p < nProducers; p++) {
                int me = p;
                producers.add(run.worker(itemsEach, check, i -> {
                    Stress.pause(rnd);
                    return holder.holding(cond, me, check, () -> {
                        items[0]++;
                        produced[0]++;
                        switch (rnd.nextInt(3)) {
                            case 0 -> cond.notify(1);
                            case 1 -> cond.notify(1 + rnd.nextInt(3));
                            default -> cond.notifyAllWaiters();
                        }
                        check.run();
                        Stress.pause(rnd);
                        return true;
                    });
                }));
            }
            List<Task<Void>> consumers = new ArrayList<>();
            for (int c = 0; c < nConsumers; c++) {
                int me = 100 + c;
                consumers.add(run.worker(Integer.MAX_VALUE, check, r -> {
                    Stress.pause(rnd);
                    return holder.holding(cond, me, check, () -> {
                        if (rnd.nextBoolean()) {
                            while (items[0] == 0 && !stop[0]) {
                                waits++;
                                holder.waiting(cond, me, check, cond::await);
                            }
                        } else {
                            waits++;
                            holder.waiting(cond, me, check, () -> cond.waitFor(() -> items[0] > 0 || stop[0]));
                        }
                        if (items[0] == 0) {
                            return false; // stopped
                        }
                        items[0]--;
                        consumed[0]++;
                        check.run();
                        Stress.pause(rnd);
                        return true;
                    });
                }, () -> {
                    if (active[0] > 1 && rnd.nextBoolean()) {
                        // retire: a notification this consumer swallowed must not die with it
                        active[0]--;
                        return false;
                    }
                    return true;
                }));
            }
            List<Task<Void>> everyone = new ArrayList<>(producers);
            everyone.addAll(consumers);
            Task<Void> chaos = Stress.startChaos(rnd, everyone, () -> Stress.allDone(producers), cancelRate, v -> {}, check);
            gather(producers, false).await();
            chaos.await();
            sleep(1); // far longer than any pause: the consumers settle
            assertEquals(0, items[0], "items left while every consumer waits: a notification was lost");
            assertEquals(active[0], cond.pendingWaiterCount(), "consumers not back to waiting");
            assertFalse(cond.isLocked());
            check.run();

            cond.withLock(() -> {
                stop[0] = true;
                cond.notifyAllWaiters();
            });
            gather(consumers, false).await();
            assertEquals(0, cond.waiterCount());
            assertEquals(0, cond.lock().waiterCount());
            assertFalse(cond.isLocked());
            assertEquals(produced[0], consumed[0]);
            cancelled += run.cancellations();
        });
    }
}
