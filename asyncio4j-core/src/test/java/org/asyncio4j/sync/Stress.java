package org.asyncio4j.sync;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.currentTask;
import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import org.asyncio4j.CancelledError;
import org.asyncio4j.Task;

/**
 * Seeded randomized runs for the primitives and queues: each seed builds a random scenario (workers,
 * pauses, cancellations) on a virtual-time loop whose interleaving the seed fixes, so a failure names the
 * seed that reproduces it.
 *
 * <p>{@code -Dasyncio4j.stress=long} runs {@value #LONG_FACTOR} times as many seeds;
 * {@code -Dasyncio4j.stress.seed=N} runs seed N alone.
 */
public final class Stress {
    /** How many times more seeds the long mode runs. */
    public static final int LONG_FACTOR = 50;

    private Stress() {}

    /** Wall-clock limit for all the seeds of one test in the default mode (scaled up in long mode). */
    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);

    /**
     * Runs {@code scenario} for each seed: {@code seeds} of them, or more in long mode, or the one asked for;
     * returns whether all the seeds (at least {@code seeds}) ran, so that a test can then check that its
     * scenarios exercised what they should. A run that exceeds the time limit fails (a deadlock on virtual
     * time fails sooner, see {@link SyncTesting#runVirtual}).
     */
    public static boolean forEachSeed(String name, int seeds, LongConsumer scenario) {
        String one = System.getProperty("asyncio4j.stress.seed");
        if (one != null && !one.isBlank()) {
            scenario.accept(Long.parseLong(one.trim()));
            return false;
        }
        boolean longMode = "long".equals(System.getProperty("asyncio4j.stress"));
        int n = longMode ? seeds * LONG_FACTOR : seeds;
        Duration limit = longMode ? TIME_LIMIT.multipliedBy(LONG_FACTOR) : TIME_LIMIT;
        assertTimeoutPreemptively(limit, () -> {
            for (long seed = 0; seed < n; seed++) {
                try {
                    scenario.accept(seed);
                } catch (Throwable t) {
                    throw new AssertionError(name + " failed for seed " + seed + " (run it alone with -Dasyncio4j.stress.seed="
                            + seed + " -Dtest=...)", t);
                }
            }
        }, () -> name + ": " + n + " seeds took longer than " + limit);
        return true;
    }

    /**
     * A random pause of the calling coroutine: often none, often one or a few loop iterations, sometimes a
     * short virtual sleep (so that virtual time moves on).
     */
    public static void pause(Random rnd) {
        int r = rnd.nextInt(10);
        if (r < 3) {
            return;
        }
        if (r < 8) {
            for (int i = rnd.nextInt(3); i >= 0; i--) {
                sleep(0);
            }
            return;
        }
        sleep(0.001 * (1 + rnd.nextInt(5)));
    }

    /** A short virtual sleep: keeps a worker's loop from spinning without the clock moving. */
    public static void nap(Random rnd) {
        sleep(0.001 * (1 + rnd.nextInt(3)));
    }

    /** The body of one randomized scenario; {@code run} lets its workers swallow cancellations. */
    @FunctionalInterface
    public interface Scenario {
        void run(Run run) throws Exception;
    }

    /** What one round of a {@linkplain Run#worker worker} does; returns whether the worker goes on. */
    @FunctionalInterface
    public interface Round {
        boolean run(int round) throws Exception;
    }

    /** One scenario's run on a fresh virtual-time loop. */
    public static final class Run {
        private boolean over;
        private long cancellations;

        private Run() {}

        /**
         * Starts a worker: a task that runs {@code round} for rounds 0 to {@code rounds - 1}, or until it
         * returns false. A cancellation ends only the round it lands in: it is {@linkplain #swallow
         * swallowed}, counted in {@link #cancellations()}, and followed by {@code check}.
         */
        public Task<Void> worker(int rounds, Runnable check, Round round) {
            return worker(rounds, check, round, () -> true);
        }

        /**
         * {@link #worker(int, Runnable, Round)} where, after each cancellation (and its check),
         * {@code afterCancel} says whether the worker goes on.
         */
        public Task<Void> worker(int rounds, Runnable check, Round round, BooleanSupplier afterCancel) {
            return createTask(() -> {
                for (int r = 0; r < rounds; r++) {
                    try {
                        if (!round.run(r)) {
                            return;
                        }
                    } catch (CancelledError e) {
                        swallow(e);
                        cancellations++;
                        check.run();
                        if (!afterCancel.getAsBoolean()) {
                            return;
                        }
                    }
                }
            });
        }

        /** How many cancellations the workers of this run swallowed so far. */
        public long cancellations() {
            return cancellations;
        }

        /**
         * Swallows the cancellation the calling task just received, as a worker that keeps going would; once
         * the scenario's main body has ended (and the runner cancels what is left) it rethrows instead, so
         * that the leftover workers end.
         */
        public void swallow(CancelledError e) {
            if (over) {
                throw e;
            }
            Task<?> me = currentTask();
            while (me.uncancel() > 0) {
                // undo every request delivered so far
            }
        }
    }

    /** Runs {@code scenario} on a fresh virtual-time loop (with its deadlock watchdog). */
    public static void runScenario(Scenario scenario) {
        SyncTesting.runVirtual(() -> {
            Run run = new Run();
            try {
                scenario.run(run);
            } finally {
                run.over = true;
            }
        });
    }

    /** Virtual seconds after which the chaos task gives up (scenarios finish far sooner). */
    static final double CHAOS_LIMIT_SECONDS = 100;

    /**
     * Starts a task that, until every victim is done, pauses at random and cancels a random victim with
     * probability {@code rate}: directly, or from a plain loop callback (so that the cancellation lands
     * in the same iteration as whatever else is ready). {@code beforeCancel} is told the victim's index
     * just before; {@code check} runs after every step.
     */
    public static Task<Void> startChaos(Random rnd, List<? extends Task<?>> victims, double rate, IntConsumer beforeCancel,
            Runnable check) {
        return startChaos(rnd, victims, () -> allDone(victims), rate, beforeCancel, check);
    }

    /** {@link #startChaos(Random, List, double, IntConsumer, Runnable)} until {@code done} says so. */
    public static Task<Void> startChaos(Random rnd, List<? extends Task<?>> victims, BooleanSupplier done, double rate,
            IntConsumer beforeCancel, Runnable check) {
        return createTask(() -> {
            while (!done.getAsBoolean() && getRunningLoop().time() < CHAOS_LIMIT_SECONDS) {
                pause(rnd);
                check.run();
                if (rnd.nextDouble() >= rate) {
                    continue;
                }
                int v = rnd.nextInt(victims.size());
                Task<?> victim = victims.get(v);
                Runnable cancel = () -> {
                    if (!victim.isDone()) {
                        beforeCancel.accept(v);
                        victim.cancel();
                    }
                };
                if (rnd.nextBoolean()) {
                    cancel.run();
                } else {
                    getRunningLoop().callSoon(cancel);
                }
                check.run();
            }
        });
    }

    /** A random element of {@code list}. */
    public static <T> T pick(Random rnd, List<T> list) {
        return list.get(rnd.nextInt(list.size()));
    }

    /** Whether every task of {@code tasks} is done. */
    public static boolean allDone(List<? extends Task<?>> tasks) {
        for (Task<?> t : tasks) {
            if (!t.isDone()) {
                return false;
            }
        }
        return true;
    }
}
