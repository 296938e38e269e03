package org.asyncio4j.bench;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.sleep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.asyncio4j.Asyncio;
import org.asyncio4j.Task;

/**
 * Workload {@code timers} ({@code ../shared/bench/workloads.md}): N tasks; task i records the time just
 * before it calls {@code sleep(delay_i)} and, on waking, its lateness (time asleep minus delay_i, in ms).
 * Delays are the kit's xorshift32 sequence in [0, 1000] ms. No warm-up round (as in every peer).
 *
 * <p>{@code Timers --n 100000} prints wall time, p50/p99/max/min lateness, {@code burst_ms} (until the
 * last task had called sleep) and the percentiles over the timers due after that burst ({@code post_*}).
 */
public final class Timers {
    private Timers() {}

    public static void main(String[] argv) {
        int n = Args.parse(argv, "n", "100000").integer("n");
        int[] delays = Lateness.delaysMs(n);
        double[] late = new double[n];
        long[] start = new long[n];
        long[] t0AndWall = Asyncio.run(() -> {
            long t0 = System.nanoTime();
            List<Task<Void>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int idx = i;
                tasks.add(createTask(() -> {
                    long t = System.nanoTime();
                    start[idx] = t;
                    sleep(delays[idx] / 1000.0);
                    late[idx] = (System.nanoTime() - t) / 1e6 - delays[idx];
                }));
            }
            gather(tasks, false).await();
            return new long[] {t0, System.nanoTime() - t0};
        });
        long t0 = t0AndWall[0];
        long burstEnd = Arrays.stream(start).max().orElseThrow();
        long delaySum = Arrays.stream(delays).asLongStream().sum();
        double[] post = new double[n];
        int postN = 0;
        for (int i = 0; i < n; i++) {
            if (start[i] + delays[i] * 1_000_000L > burstEnd) {
                post[postN++] = late[i];
            }
        }
        double[] s = Lateness.sorted(late);
        double[] p = Lateness.sorted(Arrays.copyOf(post, postN));
        ResultLine line = ResultLine.start().put("n", n).put("delay_sum_ms", delaySum)
                .put("wall_s", "%.3f", t0AndWall[1] / 1e9)
                .put("p50_ms", "%.3f", Lateness.percentile(s, 0.50)).put("p99_ms", "%.3f", Lateness.percentile(s, 0.99))
                .put("max_ms", "%.3f", s[n - 1]).put("min_ms", "%.3f", s[0])
                .put("burst_ms", "%.1f", (burstEnd - t0) / 1e6).put("post_n", postN);
        if (postN > 0) {
            line.put("post_p50_ms", "%.3f", Lateness.percentile(p, 0.50))
                    .put("post_p99_ms", "%.3f", Lateness.percentile(p, 0.99)).put("post_max_ms", "%.3f", p[postN - 1]);
        }
        line.print();
    }
}
