package org.asyncio4j.internal.engine;

/** One coroutine's stack, as an engine runs it: started by the first resume, finished when its body returns. */
public interface Fiber {
    /** Whether the body has returned (normally or by throwing). */
    boolean isDone();

    /** The frames where this fiber is suspended (empty if it is running, not started or done). */
    StackTraceElement[] suspendedStack();
}
