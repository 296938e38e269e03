package org.asyncio4j.bench.profile;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.Asyncio.sleep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.asyncio4j.Asyncio;
import org.asyncio4j.Future;
import org.asyncio4j.Task;

/**
 * A profiling harness: what one suspended task costs on the heap, object by object. Suspends N tasks on
 * one shared future (as the memory workload does) after WARM rounds of the same (0: as cold as the
 * workload; 5: JIT-compiled frames), then takes a class histogram of this JVM with {@code jcmd} and
 * prints the classes with at least N instances, in bytes per task.
 *
 * <pre>TaskFootprint N WARM</pre>
 */
public final class TaskFootprint {
    private TaskFootprint() {}

    public static void main(String[] argv) {
        int n = Integer.parseInt(argv[0]);
        int warm = Integer.parseInt(argv[1]);
        Asyncio.run(() -> {
            for (int i = 0; i < warm; i++) {
                round(n, false);
            }
            round(n, true);
            return null;
        });
    }

    private static void round(int n, boolean show) throws IOException, InterruptedException {
        Future<Void> release = getRunningLoop().createFuture();
        int[] started = {0};
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
        if (show) {
            printHistogram(n);
        }
        release.setResult(null);
        gather(tasks, false).await();
    }

    private static void printHistogram(int n) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd",
                String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        long total = 0;
        StringBuilder parts = new StringBuilder();
        for (String line : out.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":") && Long.parseLong(f[1]) >= n * 95L / 100) {
                long bytes = Long.parseLong(f[2]);
                total += bytes;
                parts.append(String.format(Locale.ROOT, " %s=%d", f[3], bytes / n));
            }
        }
        System.out.println("bytes_per_task=" + total / n + parts);
    }
}
