package org.asyncio4j;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports an event loop whose thread (or, on the portable engine, whose running coroutine's thread) has
 * been blocked entering a monitor for a whole sampling period: the symptom of a coroutine that
 * suspended inside {@code synchronized} and still holds the monitor another coroutine now needs (the loop
 * is then deadlocked for good), or of a monitor held for long by another thread (the loop is blocked).
 *
 * <p>One daemon thread, started with the first loop, samples the running loops every
 * {@code asyncio4j.watchdog.millis} milliseconds (default 1000; 0 disables it). It only reports, once per
 * stall, at ERROR through the "org.asyncio4j" logger: nothing can unblock a thread waiting for a
 * monitor. Debug mode finds the cause earlier, at the suspension point, on the continuation engine.
 */
final class StallWatchdog {
    /** The sampling period in milliseconds; 0 disables the watchdog (settable for tests). */
    static volatile long periodMillis = Long.getLong("asyncio4j.watchdog.millis", 1000L);

    private static final Set<BaseEventLoop> WATCHED = ConcurrentHashMap.newKeySet();
    private static Thread sampler;

    private StallWatchdog() {}

    /** The loop started running (outermost run only). */
    static void watch(BaseEventLoop loop) {
        if (periodMillis > 0) {
            WATCHED.add(loop);
            startSampler();
        }
    }

    /** The loop stopped running. */
    static void unwatch(BaseEventLoop loop) {
        WATCHED.remove(loop);
    }

    private static synchronized void startSampler() {
        if (sampler == null) {
            sampler = Thread.ofPlatform().daemon().name("asyncio4j-watchdog").start(StallWatchdog::sample);
        }
    }

    /** What one sample saw of a loop; {@code reported} sticks while the loop makes no progress. */
    private record Seen(Thread thread, long iterations, boolean blocked, boolean reported) {}

    private static void sample() {
        Map<BaseEventLoop, Seen> previous = new HashMap<>();
        while (true) {
            try {
                Thread.sleep(Math.max(periodMillis, 10));
            } catch (InterruptedException e) {
                return;
            }
            Map<BaseEventLoop, Seen> now = new HashMap<>();
            for (BaseEventLoop loop : WATCHED) {
                Thread t = loop.threadAtWork();
                long iterations = loop.iterations;
                boolean blocked = t != null && t.getState() == Thread.State.BLOCKED;
                Seen before = previous.get(loop);
                boolean noProgress = before != null && before.thread() == t && before.iterations() == iterations;
                boolean reported = noProgress && before.reported();
                if (blocked && noProgress && before.blocked() && !reported) {
                    report(loop, t);
                    reported = true;
                }
                now.put(loop, new Seen(t, iterations, blocked, reported));
            }
            previous = now;
        }
    }

    private static void report(BaseEventLoop loop, Thread t) {
        Task<?> task = loop.currentTask;
        StringBuilder sb = new StringBuilder("event loop ").append(loop).append(" is stuck: ")
                .append(task != null ? "task '" + task.getName() + "' on thread '" : "thread '").append(t.getName())
                .append("' has been waiting for over ").append(periodMillis).append(" ms to enter a monitor");
        ThreadInfo info = t.isVirtual() ? null : ManagementFactory.getThreadMXBean().getThreadInfo(t.threadId(), 0);
        if (info != null && info.getLockOwnerName() != null) {
            sb.append(" (").append(info.getLockName()).append(") held by thread '").append(info.getLockOwnerName())
                    .append("': a blocking call inside a coroutine or callback blocks the whole loop.");
        } else {
            sb.append(info != null ? " that no running thread owns" : "")
                    .append(". If a coroutine of this loop suspended (await, sleep, read, acquire) inside a synchronized"
                            + " block or method, it still holds that monitor and the loop is deadlocked: coroutines must"
                            + " not suspend while holding a monitor (debug mode reports it where it happens); use"
                            + " org.asyncio4j.sync.Lock to exclude coroutines across awaits.");
        }
        for (StackTraceElement f : t.getStackTrace()) {
            sb.append("\n\tat ").append(f);
        }
        BaseEventLoop.LOG.log(Level.ERROR, sb.toString());
    }
}
