package org.asyncio4j.bench.jmh;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.sleep;

import java.util.concurrent.TimeUnit;
import org.asyncio4j.EventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.Runner;
import org.asyncio4j.Task;
import org.asyncio4j.TimerHandle;
import org.asyncio4j.bench.PingPong;
import org.asyncio4j.queues.Queue;
import org.asyncio4j.sync.Lock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Micro-benchmarks of the loop's hot paths, in nanoseconds per operation. Each invocation runs a batch
 * of {@link #BATCH} operations inside one coroutine on a loop that lives for the whole trial, so the
 * cost of entering and leaving the loop is spread over the batch. The engine is chosen by the concrete
 * subclass's {@code @Fork(jvmArgsAppend)}: {@link ContinuationEngine}, {@link PortableEngine}.
 *
 * <p>Short by default (3 × 1 s warm-up, 3 × 1 s measurement, one fork); pass JMH's own options
 * ({@code -wi -i -r -f}) through {@code ./asyncio4j bench --jmh} for longer runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public abstract class LoopBenchmarks {
    /** Operations per benchmark invocation. */
    static final int BATCH = 10_000;

    private Runner runner;
    /** Timer delays in seconds, spread over [1, 1001) in a fixed shuffled order. */
    private final double[] laterDelays = new double[BATCH];
    /** Offsets into the past, in seconds, in a fixed shuffled order: every timer is due at once. */
    private final double[] pastOffsets = new double[BATCH];
    private final TimerHandle[] handles = new TimerHandle[BATCH];
    @SuppressWarnings("unchecked")
    private final Task<Integer>[] tasks = new Task[BATCH];
    private long counter;
    /** Created per trial and kept in fields, so that the JIT cannot scalar-replace them. */
    private Queue<Integer> queue;
    private Lock lock;

    @Setup(Level.Trial)
    public void setUp() {
        runner = new Runner();
        queue = new Queue<>();
        lock = new Lock();
        int x = (int) 2463534242L; // the kit's xorshift32 seed
        for (int i = 0; i < BATCH; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            int r = (int) (Integer.toUnsignedLong(x) % 1_000_000);
            laterDelays[i] = 1 + r / 1000.0;
            pastOffsets[i] = r * 1e-9;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runner.close();
    }

    /** A task suspends ({@code sleep(0)}) and is resumed on the next loop iteration. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void suspendResume() {
        runner.run(() -> {
            for (int i = 0; i < BATCH; i++) {
                sleep(0);
            }
            return null;
        });
    }

    /** createTask of a coroutine that returns at once, up to its result being awaited. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long spawnToResult() {
        return runner.run(() -> {
            for (int i = 0; i < BATCH; i++) {
                int v = i;
                tasks[i] = createTask(() -> v);
            }
            long sum = 0;
            for (int i = 0; i < BATCH; i++) {
                sum += tasks[i].await();
                tasks[i] = null;
            }
            return sum;
        });
    }

    /**
     * Issue 2's floor: createTask of a coroutine that suspends once ({@code sleep(0)}), up to the result
     * of {@code gather} over the whole batch.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long spawnSuspendGather() {
        return runner.run(() -> {
            java.util.List<Task<Integer>> batch = new java.util.ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                int v = i;
                batch.add(createTask(() -> {
                    sleep(0);
                    return v;
                }));
            }
            long sum = 0;
            for (int r : org.asyncio4j.Asyncio.gather(batch, false).await()) {
                sum += r;
            }
            return sum;
        });
    }

    /** {@code callSoon} of a callback and running it. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long callSoon() {
        return runner.run(() -> {
            EventLoop loop = runner.getLoop();
            Runnable bump = () -> counter++;
            long before = counter;
            for (int i = 0; i < BATCH; i++) {
                loop.callSoon(bump);
            }
            sleep(0);
            return counter - before;
        });
    }

    /** {@code callLater} into a heap of BATCH timers, then cancelling each (the loop compacts the heap). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void timerInsertCancel() {
        runner.run(() -> {
            EventLoop loop = runner.getLoop();
            Runnable never = () -> counter++;
            for (int i = 0; i < BATCH; i++) {
                handles[i] = loop.callLater(laterDelays[i], never);
            }
            for (int i = 0; i < BATCH; i++) {
                handles[i].cancel();
                handles[i] = null;
            }
            sleep(0);
            return null;
        });
    }

    /** {@code callAt} of a timer that is already due (in shuffled deadline order), popping and running it. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long timerFire() {
        return runner.run(() -> {
            EventLoop loop = runner.getLoop();
            Runnable bump = () -> counter++;
            long before = counter;
            double now = loop.time();
            for (int i = 0; i < BATCH; i++) {
                loop.callAt(now - pastOffsets[i], bump);
            }
            while (counter - before < BATCH) {
                sleep(0);
            }
            return counter - before;
        });
    }

    /** A new future with one done-callback, completed; the callback runs on the next iteration. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long futureDoneCallback() {
        return runner.run(() -> {
            EventLoop loop = runner.getLoop();
            long before = counter;
            for (int i = 0; i < BATCH; i++) {
                Future<Integer> f = loop.createFuture();
                f.addDoneCallback(done -> counter++);
                f.setResult(i);
            }
            sleep(0);
            return counter - before;
        });
    }

    /** One round trip of the pingpong workload's future variant: two new futures, two wake-ups. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long futurePingPong() {
        return runner.run(() -> PingPong.futureRoundTrips(BATCH));
    }

    /** One round trip of the pingpong workload's queue variant: two queue hand-offs to a waiting getter. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long queuePingPong() {
        return runner.run(() -> PingPong.queueRoundTrips(BATCH));
    }

    /** {@code put} then {@code get} on an unbounded queue with nobody waiting: the path that never suspends. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long queuePutGet() {
        return runner.run(() -> {
            Queue<Integer> q = queue;
            long s = 0;
            for (int i = 0; i < BATCH; i++) {
                q.put(i);
                s += q.get();
            }
            return s;
        });
    }

    /**
     * {@code acquire} and {@code release} of a lock nobody else wants, around a call the JIT may not
     * inline (a stand-in critical section that could look at the lock); without it the JIT folds the
     * pair of field writes away and the benchmark measures nothing.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int lockUncontended() {
        return runner.run(() -> {
            Lock lock = this.lock;
            int held = 0;
            for (int i = 0; i < BATCH; i++) {
                if (lock.acquire()) {
                    held++;
                }
                criticalSection(lock);
                lock.release();
            }
            return held;
        });
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static void criticalSection(Lock held) {
        // empty: being a real call that receives the lock is the point
    }

}
