package org.asyncio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * kotlinx.coroutines' {@code expect(n)} for tests: each step announces its number, and a step that runs
 * out of order fails the test at once.
 */
final class ExpectOrder {
    private int last;

    /** Step {@code n} runs now; it must be the one right after the previous step. */
    void expect(int n) {
        assertEquals(last + 1, n, "step " + n + " ran right after step " + last);
        last = n;
    }

    /** The last step: {@link #expect(int)}, and nothing may follow. */
    void finish(int n) {
        expect(n);
        last = Integer.MIN_VALUE / 2;
    }

    /** The number of the last step that ran. */
    int last() {
        return last;
    }
}
