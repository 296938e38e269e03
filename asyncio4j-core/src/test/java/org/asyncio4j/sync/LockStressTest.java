package org.asyncio4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.asyncio4j.Task;
import org.junit.jupiter.api.Test;

/**
 * Lock under random acquire/release/cancel interleavings: mutual exclusion, first come first served
 * (only a cancelled waiter may be overtaken), no lost wake-up (a free lock always has its head waiter
 * scheduled) and nothing left behind, checked after every step.
 */
class LockStressTest {
    private static final int SEEDS = 1500;

    private long contended;
    private long cancelled;
    private long granted;

    @Test
    void randomInterleavingsKeepTheLockExclusiveFairAndAlive() {
        if (Stress.forEachSeed("Lock", SEEDS, this::scenario)) {
            // the scenarios really exercised waiting and cancelling
            assertTrue(contended > SEEDS, "contended acquires: " + contended);
            assertTrue(cancelled > SEEDS / 2, "cancellations: " + cancelled);
            assertTrue(granted > SEEDS * 5L, "grants: " + granted);
        }
    }

    private void scenario(long seed) {
        Random rnd = new Random(seed);
        int nWorkers = 2 + rnd.nextInt(6);
        int rounds = 2 + rnd.nextInt(8);
        double cancelRate = rnd.nextDouble() * 0.4;
        Stress.runScenario(run -> {
            Lock lock = new Lock();
            Tickets tickets = new Tickets(nWorkers);
            Integer[] holder = {null};
            Runnable check = () -> {
                assertEquals(holder[0] != null, lock.isLocked(), "isLocked() disagrees with the holder");
                if (!lock.isLocked() && lock.waiterCount() > 0) {
                    assertTrue(lock.firstWaiter().isDone(), "lost wake-up: the lock is free and its first waiter sleeps");
                }
            };
            List<Task<Void>> workers = new ArrayList<>();
            for (int w = 0; w < nWorkers; w++) {
                int me = w;
                workers.add(run.worker(rounds, check, r -> {
                    Stress.pause(rnd);
                    check.run();
                    if (lock.isLocked() || lock.waiterCount() > 0) {
                        contended++;
                    }
                    tickets.acquire(me, lock::acquire, check);
                    granted++;
                    assertNull(holder[0], "two holders");
                    holder[0] = me;
                    check.run();
                    try {
                        Stress.pause(rnd);
                    } finally {
                        assertEquals(me, holder[0]);
                        holder[0] = null;
                        lock.release();
                        check.run();
                    }
                    return true;
                }));
            }
            tickets.runToEnd(rnd, workers, cancelRate, check);
            cancelled += run.cancellations();
            assertFalse(lock.isLocked());
            assertNull(holder[0]);
            assertEquals(0, lock.waiterCount());
        });
    }
}
