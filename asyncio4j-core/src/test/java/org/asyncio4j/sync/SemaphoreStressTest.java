package org.asyncio4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.asyncio4j.Task;
import org.junit.jupiter.api.Test;

/**
 * Semaphore and BoundedSemaphore under random acquire/release/cancel interleavings: permits conserved
 * (free + held + handed to woken waiters = initial), strict first come first served, no permit stranded
 * while someone waits, bounded releases rejected, nothing left behind; checked after every step.
 */
class SemaphoreStressTest {
    private static final int SEEDS = 1500;

    private long contended;
    private long cancelled;
    private long overReleases;

    @Test
    void randomInterleavingsConservePermitsAndServeInOrder() {
        if (Stress.forEachSeed("Semaphore", SEEDS, this::scenario)) {
            assertTrue(contended > SEEDS, "contended acquires: " + contended);
            assertTrue(cancelled > SEEDS / 2, "cancellations: " + cancelled);
            assertTrue(overReleases > SEEDS / 10, "rejected extra releases: " + overReleases);
        }
    }

    private void scenario(long seed) {
        Random rnd = new Random(seed);
        int permits = 1 + rnd.nextInt(3);
        boolean bounded = rnd.nextBoolean();
        int nWorkers = 2 + rnd.nextInt(7);
        int rounds = 2 + rnd.nextInt(8);
        double cancelRate = rnd.nextDouble() * 0.4;
        Stress.runScenario(run -> {
            Semaphore sem = bounded ? new BoundedSemaphore(permits) : new Semaphore(permits);
            Tickets tickets = new Tickets(nWorkers);
            int[] holders = {0};
            Runnable check = () -> {
                assertTrue(sem.value() >= 0, "negative value " + sem.value());
                assertTrue(holders[0] <= permits, holders[0] + " holders of " + permits + " permits");
                assertEquals(permits, sem.value() + holders[0] + sem.handedOver(),
                        "permits not conserved: free " + sem.value() + ", held " + holders[0] + ", handed over " + sem.handedOver());
                int pending = sem.pendingWaiterCount();
                if (sem.value() > 0 && pending > 0) {
                    assertTrue(sem.waiterCount() > pending,
                            "lost wake-up: " + sem.value() + " free permits while " + pending + " waiters sleep and none will run");
                }
            };
            List<Task<Void>> workers = new ArrayList<>();
            for (int w = 0; w < nWorkers; w++) {
                int me = w;
                workers.add(run.worker(rounds, check, r -> {
                    Stress.pause(rnd);
                    check.run();
                    if (bounded && sem.value() == permits && rnd.nextInt(4) == 0) {
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, sem::release);
                        assertEquals("BoundedSemaphore released too many times", e.getMessage());
                        overReleases++;
                        check.run();
                    }
                    if (sem.isLocked()) {
                        contended++;
                    }
                    tickets.acquire(me, sem::acquire, check);
                    holders[0]++;
                    check.run();
                    try {
                        Stress.pause(rnd);
                    } finally {
                        holders[0]--;
                        sem.release();
                        check.run();
                    }
                    return true;
                }));
            }
            tickets.runToEnd(rnd, workers, cancelRate, check);
            cancelled += run.cancellations();
            assertEquals(permits, sem.value());
            assertEquals(0, holders[0]);
            assertEquals(0, sem.waiterCount());
        });
    }
}
