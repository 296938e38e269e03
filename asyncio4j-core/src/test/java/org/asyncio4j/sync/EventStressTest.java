package org.asyncio4j.sync;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.asyncio4j.Task;
import org.junit.jupiter.api.Test;

/**
 * Event under random set/clear/wait/cancel interleavings: a set event has no sleeping waiter, await()
 * returns only after a set, waiters resume in the order they started waiting, and nothing is left
 * behind; checked after every step.
 */
class EventStressTest {
    private static final int SEEDS = 1500;

    private long suspended;
    private long cancelled;

    @Test
    void randomSetClearWaitCancelWakesEveryWaiterInOrder() {
        if (Stress.forEachSeed("Event", SEEDS, this::scenario)) {
            assertTrue(suspended > SEEDS * 2L, "waits that suspended: " + suspended);
            assertTrue(cancelled > SEEDS / 2, "cancellations: " + cancelled);
        }
    }

    private void scenario(long seed) {
        Random rnd = new Random(seed);
        int nWaiters = 1 + rnd.nextInt(6);
        int nSetters = 1 + rnd.nextInt(2);
        int rounds = 2 + rnd.nextInt(8);
        double cancelRate = rnd.nextDouble() * 0.4;
        Stress.runScenario(run -> {
            Event ev = new Event();
            int[] setGeneration = {0};
            int[] nextSeq = {0};
            int[] lastResumedSeq = {-1};
            Runnable check = () -> {
                if (ev.isSet()) {
                    assertEquals(0, ev.pendingWaiterCount(), "the event is set but a waiter still sleeps");
                }
            };
            List<Task<Void>> waiters = new ArrayList<>();
            for (int w = 0; w < nWaiters; w++) {
                waiters.add(run.worker(rounds, check, r -> {
                    Stress.pause(rnd);
                    check.run();
                    boolean wasSet = ev.isSet();
                    int generation = setGeneration[0];
                    int seq = wasSet ? -1 : nextSeq[0]++;
                    if (!wasSet) {
                        suspended++;
                    }
                    assertTrue(ev.await());
                    assertTrue(wasSet || setGeneration[0] > generation, "await() returned without a set()");
                    if (seq >= 0) {
                        assertTrue(seq > lastResumedSeq[0], "waiter " + seq + " resumed after waiter " + lastResumedSeq[0]);
                        lastResumedSeq[0] = seq;
                    }
                    check.run();
                    return true;
                }));
            }
            List<Task<Void>> setters = new ArrayList<>();
            for (int s = 0; s < nSetters; s++) {
                setters.add(createTask(() -> {
                    for (int r = 0; r < rounds; r++) {
                        Stress.nap(rnd);
                        if (rnd.nextInt(3) == 0) {
                            ev.clear();
                        } else {
                            if (!ev.isSet()) {
                                setGeneration[0]++;
                            }
                            ev.set();
                        }
                        check.run();
                    }
                }));
            }
            Task<Void> chaos = Stress.startChaos(rnd, waiters, cancelRate, v -> {}, check);
            gather(setters, false).await();
            if (!ev.isSet()) {
                setGeneration[0]++;
            }
            ev.set(); // releases everyone still waiting
            gather(waiters, false).await();
            chaos.await();
            assertEquals(0, ev.waiterCount());
            check.run();
            cancelled += run.cancellations();
        });
    }
}
