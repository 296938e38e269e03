package org.asyncio4j.sync;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.asyncio4j.Task;
import org.junit.jupiter.api.Test;

/**
 * Barrier under random arrivals, cancellations, resets and aborts: the last arrival of a trip
 * ({@code parties - 1}) returns first, an undisturbed trip hands out every index exactly once, the state
 * and count stay consistent, and a reset leaves nothing behind; checked after every step. (As in asyncio,
 * a cycle in which a waiter was cancelled may repeat an index: the count, and so the next index, drops.)
 */
class BarrierStressTest {
    private static final int SEEDS = 600;

    private long trips;
    private long fullTripsChecked;
    private long brokenWaits;
    private long cancelled;

    /** The trips seen so far, and the chaos epoch at which each started. */
    private static final class Trips {
        final List<List<Integer>> indices = new ArrayList<>();
        final List<Integer> startEpochs = new ArrayList<>();
    }

    @Test
    void randomArrivalsCancelsResetsAndAbortsKeepTripsWhole() {
        if (Stress.forEachSeed("Barrier", SEEDS, this::scenario)) {
            assertTrue(trips > SEEDS * 3L, "trips: " + trips);
            assertTrue(fullTripsChecked > SEEDS, "undisturbed trips checked: " + fullTripsChecked);
            assertTrue(brokenWaits > SEEDS / 2, "broken waits: " + brokenWaits);
            assertTrue(cancelled > SEEDS / 2, "cancellations: " + cancelled);
        }
    }

    private void scenario(long seed) {
        Random rnd = new Random(seed);
        int parties = 1 + rnd.nextInt(4);
        int nWorkers = Math.max(1, parties - 1 + rnd.nextInt(4));
        double duration = 0.05 + rnd.nextDouble() * 0.2;
        double chaosRate = rnd.nextDouble() * 0.3;
        List<Integer> allIndices = IntStream.range(0, parties).boxed().toList();
        Stress.runScenario(run -> {
            Barrier barrier = new Barrier(parties);
            Trips seen = new Trips();
            int[] epoch = {0};
            boolean[] stop = {false};
            Runnable check = () -> {
                int count = barrier.count();
                assertTrue(count >= 0 && count <= parties, "count " + count);
                switch (barrier.state()) {
                    case FILLING -> {
                        assertTrue(count < parties, "full but still filling");
                        // only the counted arrivals may sleep: one blocked at the entry was not let in
                        assertTrue(barrier.condition().pendingWaiterCount() <= count, "lost wake-up at the entry");
                    }
                    case DRAINING, RESETTING -> assertTrue(count > 0, barrier.state() + " with nobody inside");
                    case BROKEN -> { }
                }
                assertTrue(barrier.nWaiting() < parties, "nWaiting " + barrier.nWaiting());
                Lock l = barrier.condition().lock();
                if (!l.isLocked() && l.waiterCount() > 0) {
                    assertTrue(l.firstWaiter().isDone(), "lost wake-up on the barrier's lock");
                }
            };
            Runnable finishLastTrip = () -> {
                int t = seen.indices.size() - 1;
                if (t < 0) {
                    return;
                }
                // undisturbed: no chaos since the previous trip started (its members arrived after that)
                int windowStart = t == 0 ? 0 : seen.startEpochs.get(t - 1);
                if (epoch[0] == windowStart) {
                    List<Integer> got = new ArrayList<>(seen.indices.get(t));
                    Collections.sort(got);
                    assertEquals(allIndices, got, "an undisturbed trip lost a party or repeated an index");
                    fullTripsChecked++;
                }
            };
            List<Task<Void>> workers = new ArrayList<>();
            for (int w = 0; w < nWorkers; w++) {
                workers.add(run.worker(Integer.MAX_VALUE, check, r -> {
                    try {
                        Stress.pause(rnd);
                        Stress.nap(rnd);
                        check.run();
                        int index = barrier.await();
                        assertTrue(index >= 0 && index < parties, "index " + index);
                        if (index == parties - 1) {
                            finishLastTrip.run();
                            seen.indices.add(new ArrayList<>(List.of(index)));
                            seen.startEpochs.add(epoch[0]);
                            trips++;
                        } else {
                            assertFalse(seen.indices.isEmpty(), "index " + index + " before any trip");
                            seen.indices.get(seen.indices.size() - 1).add(index);
                        }
                        check.run();
                    } catch (BrokenBarrierException e) {
                        brokenWaits++;
                        check.run();
                    }
                    return !stop[0];
                }, () -> !stop[0]));
            }
            Task<Void> chaos = createTask(() -> {
                while (!stop[0]) {
                    Stress.pause(rnd);
                    check.run();
                    if (rnd.nextDouble() >= chaosRate) {
                        continue;
                    }
                    epoch[0]++;
                    int action = rnd.nextInt(4);
                    if (action <= 1) {
                        Stress.pick(rnd, workers).cancel();
                    } else if (action == 2) {
                        barrier.reset();
                    } else {
                        barrier.abort();
                        Stress.pause(rnd);
                        check.run();
                        epoch[0]++;
                        barrier.reset();
                    }
                    check.run();
                }
            });
            sleep(duration);
            stop[0] = true;
            chaos.await();
            epoch[0]++;
            barrier.abort(); // releases whoever still waits
            gather(workers, false).await();
            finishLastTrip.run();
            barrier.reset();
            assertEquals(Barrier.State.FILLING, barrier.state());
            assertEquals(0, barrier.count());
            assertEquals(0, barrier.condition().waiterCount());
            assertEquals(0, barrier.condition().lock().waiterCount());
            assertFalse(barrier.condition().isLocked());
            check.run();
            cancelled += run.cancellations();
        });
    }
}
