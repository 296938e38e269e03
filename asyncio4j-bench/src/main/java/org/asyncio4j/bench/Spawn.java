package org.asyncio4j.bench;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.sleep;

import java.util.ArrayList;
import java.util.List;
import org.asyncio4j.Asyncio;
import org.asyncio4j.Task;

/**
 * Workload {@code spawn} ({@code ../shared/bench/workloads.md}): N tasks, each yields to the loop once
 * ({@code sleep(0)}) and returns its index; gather them all; check the sum outside the timed part.
 * A warm-up round of max(1000, N/10) tasks runs first in the same process.
 *
 * <p>{@code Spawn --n 100000} prints {@code impl=... n=... wall_s=... tasks_per_s=... sum_ok=1}.
 */
public final class Spawn {
    private Spawn() {}

    public static void main(String[] argv) {
        int n = Args.parse(argv, "n", "100000").integer("n");
        long[] measured = Asyncio.run(() -> {
            round(Math.max(1000, n / 10));
            return round(n);
        });
        double wall = measured[0] / 1e9;
        boolean ok = measured[1] == (long) n * (n - 1) / 2;
        ResultLine.start().put("n", n).put("wall_s", "%.4f", wall).put("tasks_per_s", "%.0f", n / wall)
                .put("sum_ok", ok ? 1 : 0).print();
        System.exit(ok ? 0 : 1);
    }

    /** One round: {nanoseconds from creating the first task to gather's result, sum of the results}. */
    private static long[] round(int n) {
        long t0 = System.nanoTime();
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            tasks.add(createTask(() -> {
                sleep(0);
                return index;
            }));
        }
        List<Integer> results = gather(tasks, false).await();
        long t1 = System.nanoTime();
        long sum = 0;
        for (int r : results) {
            sum += r;
        }
        return new long[] {t1 - t0, sum};
    }
}
