package org.asyncio4j.internal.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Finds the monitors that the running continuation's own frames hold, for the continuation engine's
 * debug-mode check.
 *
 * <p>Why it is needed: since JDK 24 (JEP 491, lightweight locking) a continuation yields successfully
 * while it holds a monitor; the monitor stays locked by the frozen frames, and the next coroutine of
 * the loop that enters it blocks the loop thread for good. {@code Continuation.isPinned} cannot tell
 * (on JDK 25 it reports the continuation's own entry frame as a native frame, so it is always true),
 * and the JVM's held-monitor count exists only for the legacy locking mode. The thread's own
 * {@link ThreadInfo}, with locked monitors and the stack depth of each, is exact but costs tens of
 * microseconds: fine for debug mode, too slow for every suspension.
 */
final class HeldMonitors {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String CONTINUATION = "jdk.internal.vm.Continuation";

    private HeldMonitors() {}

    /**
     * A description of a monitor locked by a frame of the innermost continuation mounted on this thread
     * (the frames above its {@code Continuation.run}), or null if there is none or it cannot be known.
     */
    static String inInnermostContinuation() {
        if (!THREADS.isObjectMonitorUsageSupported()) {
            return null;
        }
        ThreadInfo[] infos = THREADS.getThreadInfo(new long[] {Thread.currentThread().threadId()}, true, false);
        ThreadInfo info = infos.length == 0 ? null : infos[0];
        if (info == null) {
            return null; // a virtual thread: not reported
        }
        StackTraceElement[] stack = info.getStackTrace();
        int boundary = stack.length;
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().equals(CONTINUATION) && stack[i].getMethodName().equals("run")) {
                boundary = i;
                break;
            }
        }
        for (MonitorInfo m : info.getLockedMonitors()) {
            int depth = m.getLockedStackDepth();
            if (depth >= 0 && depth < boundary) {
                return m + " locked in " + m.getLockedStackFrame();
            }
        }
        return null;
    }
}
