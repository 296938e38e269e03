package org.asyncio4j.examples;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.run;
import static org.asyncio4j.Asyncio.sleep;

import java.util.List;
import java.util.Locale;
import org.asyncio4j.Task;

/** The lesson's two tasks with different sleeps, gathered: total time is the longer sleep, not the sum. */
public final class TwoTasks {
    private TwoTasks() {}

    static String work(String name, double seconds) {
        System.out.println(name + ": start (sleeps " + seconds + " s) on thread " + Thread.currentThread().getName());
        sleep(seconds);
        System.out.println(name + ": done");
        return name + " result";
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        List<Object> results = run(() -> {
            Task<String> a = createTask(() -> work("task A", 2), "A");
            Task<String> b = createTask(() -> work("task B", 1), "B");
            return gather(a, b).await();
        });
        System.out.println("results: " + results);
        System.out.println(String.format(Locale.ROOT, "Total time: %.2f seconds", (System.nanoTime() - t0) / 1e9));
    }
}
