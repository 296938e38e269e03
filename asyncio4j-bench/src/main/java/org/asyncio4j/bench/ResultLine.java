package org.asyncio4j.bench;

import java.util.Locale;
import org.asyncio4j.internal.engine.Engines;

/**
 * The one result line a workload program prints as its last line on stdout: space-separated
 * {@code key=value} pairs in the order they were added, the output contract of the benchmark kit
 * ({@code ../shared/bench/workloads.md}).
 */
final class ResultLine {
    /** The library version in the {@code impl} tag. */
    static final String VERSION = "0.1";

    private final StringBuilder line = new StringBuilder();

    /** A line that starts with {@code impl=asyncio4j-0.1-<engine>}. */
    static ResultLine start() {
        return new ResultLine().put("impl", implTag());
    }

    /** {@code asyncio4j-0.1-continuation} or {@code asyncio4j-0.1-portable}: the engine this JVM uses. */
    static String implTag() {
        return "asyncio4j-" + VERSION + "-" + Engines.get().name();
    }

    ResultLine put(String key, Object value) {
        if (!line.isEmpty()) {
            line.append(' ');
        }
        line.append(key).append('=').append(value);
        return this;
    }

    /** Adds {@code value} formatted with {@code format} (Locale.ROOT, so always a decimal point). */
    ResultLine put(String key, String format, double value) {
        return put(key, String.format(Locale.ROOT, format, value));
    }

    /** Prints the line on stdout and flushes. */
    void print() {
        System.out.println(line);
        System.out.flush();
    }

    @Override
    public String toString() {
        return line.toString();
    }
}
