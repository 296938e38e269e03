package org.asyncio4j.internal.engine;

/** One coroutine's stack, as an engine runs it: started by the first resume, finished when its body returns. */
public interface Fiber {
    /** The body this fiber runs (lets the loop find the task of the running fiber without a lookup). */
    Runnable body();

    /** Whether the body has returned (normally or by throwing). */
    boolean isDone();

    /** The frames where this fiber is suspended (empty if it is running, not started or done). */
    StackTraceElement[] suspendedStack();

    /** The thread of its own this fiber runs on (portable engine), or null if it runs on the loop's. */
    default Thread ownThread() {
        return null;
    }
}
