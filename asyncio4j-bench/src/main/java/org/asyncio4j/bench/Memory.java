package org.asyncio4j.bench;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.sleep;

import java.util.ArrayList;
import java.util.List;
import org.asyncio4j.Asyncio;
import org.asyncio4j.Task;
import org.asyncio4j.sync.Event;

/**
 * Workload {@code memory} ({@code ../shared/bench/workloads.md}): N tasks suspended at once, each having
 * incremented a counter and then waiting on one shared {@link Event} ({@code asyncio.Event().wait()}).
 *
 * <p>After a warm-up round of 1000 tasks and {@code System.gc()}, the baseline is VmRSS and the used
 * heap; once every task is suspended, {@code bytes_per_task = (VmHWM - baseline VmRSS) * 1024 / N} and
 * {@code heap_bytes_per_task} = (used heap after {@code System.gc()} - baseline) / N, which includes the
 * list of N task handles. Then the event is set and all tasks finish.
 */
public final class Memory {
    private Memory() {}

    /** {baseline RSS, suspended RSS, peak RSS (KiB), live heap growth (bytes)}. */
    private static long[] round(int n, boolean measure) {
        Event release = new Event();
        int[] started = {0};
        long baseRss = 0;
        long baseHeap = 0;
        if (measure) {
            System.gc();
            baseRss = ProcStatus.read().rssKib();
            baseHeap = ProcStatus.usedHeapBytes();
        }
        List<Task<Void>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(createTask(() -> {
                started[0]++;
                release.await();
            }));
        }
        while (started[0] < n) {
            sleep(0);
        }
        sleep(0);
        long[] r = {baseRss, 0, 0, 0};
        if (measure) {
            ProcStatus now = ProcStatus.read();
            r[1] = now.rssKib();
            r[2] = now.hwmKib();
            System.gc();
            r[3] = ProcStatus.usedHeapBytes() - baseHeap;
        }
        release.set();
        gather(tasks, false).await();
        return r;
    }

    public static void main(String[] argv) {
        int n = Args.parse(argv, "n", "100000").integer("n");
        long[] r = Asyncio.run(() -> {
            round(1000, false);
            return round(n, true);
        });
        ResultLine.start().put("n", n).put("baseline_rss_kib", r[0]).put("suspended_rss_kib", r[1])
                .put("peak_rss_kib", r[2]).put("bytes_per_task", "%.0f", (r[2] - r[0]) * 1024.0 / n)
                .put("heap_bytes_per_task", "%.0f", (double) r[3] / n).put("waits_on", "event").print();
    }
}
