package org.asyncio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Asserts the exact interleaving of a test, kotlinx.coroutines style: each step calls
 * {@code expect(n)} with consecutive numbers, the last one calls {@code finish(n)}; a step that runs
 * out of order fails at once, naming the step that was due.
 */
final class Order {
    private int last;
    private boolean finished;

    /** Step {@code n} runs now; it must be the step after the previous one. */
    void expect(int n) {
        assertTrue(!finished, "step " + n + " ran after finish(" + last + ")");
        assertEquals(last + 1, n, "step " + n + " ran out of order: step " + (last + 1) + " was due");
        last = n;
    }

    /** The last step: {@code n} runs now and no other step may follow. */
    void finish(int n) {
        expect(n);
        finished = true;
    }

    /** Asserts that {@link #finish} ran (with {@code n}). */
    void assertFinished(int n) {
        assertTrue(finished && last == n, "expected finish(" + n + "), last step was " + last + (finished ? " (finished)" : ""));
    }
}
