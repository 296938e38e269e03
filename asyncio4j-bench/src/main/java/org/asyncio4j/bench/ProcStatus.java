package org.asyncio4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident set size of this process from {@code /proc/self/status} (Linux), in KiB. */
record ProcStatus(long rssKib, long hwmKib) {
    /** Reads {@code VmRSS} (current) and {@code VmHWM} (peak) now. */
    static ProcStatus read() {
        long rss = -1;
        long hwm = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.split("\\s+")[1]);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.split("\\s+")[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status (the memory workload needs Linux)", e);
        }
        if (rss < 0 || hwm < 0) {
            throw new IllegalStateException("/proc/self/status has no VmRSS/VmHWM lines");
        }
        return new ProcStatus(rss, hwm);
    }

    /** Bytes of the JVM heap in use (total minus free), without collecting first. */
    static long usedHeapBytes() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
