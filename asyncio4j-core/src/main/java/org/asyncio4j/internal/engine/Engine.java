package org.asyncio4j.internal.engine;

/**
 * How coroutines suspend and resume. The event loop drives fibers only through this interface, so
 * that a future public JDK API can replace the implementations.
 *
 * <p>Contract: exactly one fiber (or the loop) runs at a time. {@link #resume} returns when the fiber
 * calls {@link #suspend} or its body returns; {@code suspend} returns when some thread resumes the
 * fiber again. A fiber may resume another (nested resume: eager tasks, re-entrant loops).
 */
public interface Engine {
    /** A fiber that will run {@code body} on its first {@link #resume}. */
    Fiber newFiber(Runnable body);

    /** Runs {@code fiber} until it suspends or finishes. Must not be called for the running fiber. */
    void resume(Fiber fiber);

    /** Suspends the current fiber until it is resumed. Throws if called outside a fiber, or if pinned. */
    void suspend();

    /**
     * Throws {@link IllegalStateException} if the current fiber holds a monitor (is inside a
     * {@code synchronized} block or method of its own) at a suspension point: suspending there keeps
     * the monitor across other fibers' steps and deadlocks the loop when one of them enters it. Costs
     * tens of microseconds, so the loop calls it in debug mode only. Returns quietly where the engine
     * cannot tell (the portable engine: the JDK does not report a virtual thread's monitors).
     */
    void checkNoMonitorHeld();

    /**
     * Releases a suspended fiber that will never be resumed (its loop was closed). The continuation
     * engine has nothing to do: an unreferenced continuation is garbage. The portable engine unwinds the
     * fiber's virtual thread, since the JDK keeps every live virtual thread reachable: its suspension
     * point throws an error, so its {@code finally} blocks run now, on the caller's turn.
     */
    void abandon(Fiber fiber);

    /** The innermost fiber running on this thread, or null. */
    Fiber current();

    /**
     * Runs an event loop's body. The portable engine moves it onto a virtual thread (so that handing
     * control to a fiber is a cheap virtual-to-virtual switch); the continuation engine runs it inline.
     */
    void runLoop(Runnable loopBody);

    /** Whether each fiber is its own thread (so thread-locals must be set up inside each fiber). */
    boolean fibersHaveOwnThreads();

    /** A short name for diagnostics: "continuation" or "portable". */
    String name();
}
