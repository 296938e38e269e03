package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.asyncio4j.Support.runBriefly;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.asyncio4j.Support.ManualClockLoop;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Conformance case D27 (sleep) of conformance-cases.md, and the virtual clock it relies on. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SleepTest {

    @Test
    void d27_sleepZeroYieldsExactlyOneIterationAndReturnsTheResult() {
        int[] result = {0};
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            loop.runUntilComplete(() -> {
                getRunningLoop().callSoon(() -> result[0] += 1);
                assertEquals(0, result[0]);
                int num = sleep(0, 10);
                assertEquals(1, result[0], "the callback scheduled before the sleep ran first");
                result[0] += num;
                return null;
            });
            assertEquals(0.0, loop.time());
        }
        assertEquals(11, result[0]);
    }

    @Test
    void d27_sleepNanIsRejected() {
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loop.runUntilComplete(() -> sleep(Double.NaN, null)));
            assertEquals("Invalid delay: NaN (not a number)", e.getMessage());
        }
    }

    @Test
    void d27_cancellingASleepingTaskCancelsItsTimer() {
        try (ManualClockLoop loop = new ManualClockLoop()) {
            Task<String> t = loop.createTask(() -> sleep(10.0, "yeah"));
            runBriefly(loop);
            assertEquals(1, loop.timersMade.size());
            TimerHandle handle = loop.timersMade.get(0);
            assertEquals(10.0, handle.when());
            assertFalse(handle.isCancelled());
            t.cancel();
            runBriefly(loop);
            assertTrue(handle.isCancelled());
            assertTrue(t.isCancelled());
        }
    }

    @Test
    void d27_negativeSleepReturnsAfterOneIteration() {
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            Order order = new Order();
            loop.runUntilComplete(() -> {
                getRunningLoop().callSoon(() -> order.expect(2));
                order.expect(1);
                assertEquals("r", sleep(-5, "r"));
                order.finish(3);
                return null;
            });
            order.assertFinished(3);
            assertEquals(0.0, loop.time());
        }
    }

    @Test
    void sleepsAdvanceTheVirtualClockExactly() {
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            java.util.Random random = new java.util.Random(1);
            loop.runUntilComplete(() -> {
                for (int i = 0; i < 500; i++) {
                    double d = random.nextInt(3000) / 1000.0;
                    double deadline = getRunningLoop().time() + d;
                    sleep(d);
                    assertEquals(deadline, getRunningLoop().time(), "the clock must jump exactly to the deadline of sleep(" + d + ")");
                }
                return null;
            });
        }
    }

    @Test
    void sleepTakesADuration() {
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            loop.runUntilComplete(() -> {
                sleep(Duration.ofMillis(1500));
                return null;
            });
            assertEquals(1.5, loop.time());
        }
    }

    @Test
    void sleepOutsideACoroutineFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sleep(1));
        assertTrue(e.getMessage().startsWith("sleep() called outside a coroutine"), e.getMessage());
    }
}
