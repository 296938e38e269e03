package org.asyncio4j;

/** A coroutine with no result: {@code async def f() -> None}. Lets void lambdas become tasks. */
@FunctionalInterface
public interface AsyncRunnable {
    /** The body; it may suspend and may throw anything. */
    void run() throws Exception;

    /** This body as a {@link Coroutine} whose result is {@code null}. */
    default Coroutine<Void> asCoroutine() {
        return () -> {
            run();
            return null;
        };
    }
}
