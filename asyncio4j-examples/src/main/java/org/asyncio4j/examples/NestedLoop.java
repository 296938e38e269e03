package org.asyncio4j.examples;

import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.Asyncio.run;
import static org.asyncio4j.Asyncio.sleep;

import org.asyncio4j.NestAsyncio;

/**
 * The lesson's nested loop: calling runUntilComplete from inside a running coroutine fails with "This
 * event loop is already running" — until {@link NestAsyncio#apply()} makes the loop re-entrant, as
 * Python's nest_asyncio does for notebooks.
 */
public final class NestedLoop {
    private NestedLoop() {}

    static String inner() {
        sleep(0.2);
        return "inner result";
    }

    /** Synchronous code (think: a library you cannot change) that wants to run a coroutine to completion. */
    static String syncHelper() {
        return getRunningLoop().runUntilComplete(NestedLoop::inner);
    }

    public static void main(String[] args) {
        run(() -> {
            try {
                syncHelper();
            } catch (IllegalStateException e) {
                System.out.println("without NestAsyncio: " + e.getMessage());
            }
            return null;
        });
        NestAsyncio.apply();
        String r = run(() -> {
            String nested = syncHelper();
            System.out.println("with NestAsyncio: nested runUntilComplete returned '" + nested + "'");
            return nested;
        });
        System.out.println("run returned: " + r);
    }
}
