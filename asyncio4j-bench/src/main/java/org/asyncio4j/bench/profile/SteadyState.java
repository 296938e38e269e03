package org.asyncio4j.bench.profile;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.Asyncio.sleep;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.asyncio4j.Asyncio;
import org.asyncio4j.EventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.Task;
import org.asyncio4j.TimerHandle;

/**
 * A profiling harness, not a benchmark of record: runs one hot path for many rounds in one JVM and
 * reports, over the second half of the rounds, the median rate by wall time and by the loop thread's
 * own CPU time. The CPU rate leaves out GC threads and other processes, so on a shared machine it is
 * the steadier figure for comparing two builds of the core (A/B).
 *
 * <pre>SteadyState spawn|pingpong|timers ROUNDS N</pre>
 *
 * <ul>
 *   <li>{@code spawn}: the spawn workload's round (N tasks, each {@code sleep(0)}, gather);
 *   <li>{@code pingpong}: the future variant of pingpong, N round trips;
 *   <li>{@code timers}: N timers inserted in the future, half of them cancelled, N timers already due
 *       fired, the rest cancelled (heap insert, cancel and pop).
 * </ul>
 */
public final class SteadyState {
    private SteadyState() {}

    /** Ping's message to pong. */
    private record Token(int index, Future<Integer> reply) {}

    public static void main(String[] argv) {
        String what = argv[0];
        int rounds = Integer.parseInt(argv[1]);
        int n = Integer.parseInt(argv[2]);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] wall = new double[rounds];
        double[] cpu = new double[rounds];
        Asyncio.run(() -> {
            for (int r = 0; r < rounds; r++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                switch (what) {
                    case "spawn" -> spawn(n);
                    case "pingpong" -> pingpong(n);
                    case "timers" -> timers(n);
                    default -> throw new IllegalArgumentException("spawn, pingpong or timers, not " + what);
                }
                wall[r] = n / ((System.nanoTime() - t0) / 1e9);
                cpu[r] = n / ((mx.getCurrentThreadCpuTime() - c0) / 1e9);
            }
            return null;
        });
        System.out.printf(Locale.ROOT, "%s n=%d rounds=%d wall_ops_s=%.0f cpu_ops_s=%.0f%n", what, n, rounds,
                medianOfSecondHalf(wall), medianOfSecondHalf(cpu));
    }

    private static double medianOfSecondHalf(double[] v) {
        double[] h = Arrays.copyOfRange(v, v.length / 2, v.length);
        Arrays.sort(h);
        return h[h.length / 2];
    }

    private static void spawn(int n) {
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            tasks.add(createTask(() -> {
                sleep(0);
                return index;
            }));
        }
        gather(tasks, false).await();
    }

    private static void pingpong(int n) {
        EventLoop loop = getRunningLoop();
        @SuppressWarnings("unchecked")
        Future<Token>[] slot = new Future[] {loop.createFuture()};
        Task<Void> pong = createTask(() -> {
            for (int k = 0; k < n; k++) {
                Token t = slot[0].await();
                slot[0] = loop.createFuture();
                t.reply().setResult(t.index());
            }
        });
        for (int i = 0; i < n; i++) {
            Future<Integer> reply = loop.createFuture();
            slot[0].setResult(new Token(i, reply));
            reply.await();
        }
        pong.await();
    }

    private static void timers(int n) {
        EventLoop loop = getRunningLoop();
        long[] fired = {0};
        Runnable bump = () -> fired[0]++;
        double now = loop.time();
        TimerHandle[] later = new TimerHandle[n];
        int x = (int) 2463534242L;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            double offset = (Integer.toUnsignedLong(x) % 1_000_000) * 1e-9;
            later[i] = loop.callAt(now + 10 + offset * 1000, bump);
            loop.callAt(now - offset, bump);
        }
        for (int i = 0; i < n; i += 2) {
            later[i].cancel();
        }
        while (fired[0] < n) {
            sleep(0);
        }
        for (int i = 1; i < n; i += 2) {
            later[i].cancel();
        }
        sleep(0);
    }
}
