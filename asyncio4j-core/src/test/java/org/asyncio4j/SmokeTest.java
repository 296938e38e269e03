package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void runReturnsResult() {
        assertEquals(42, run(() -> 42));
    }

    @Test
    void tasksInterleaveAtSleeps() {
        List<String> log = new ArrayList<>();
        VirtualTimeLoop loop = VirtualTimeLoop.create();
        double t = run(() -> {
            Task<Void> a = createTask(() -> { log.add("a1"); sleep(1); log.add("a2"); });
            Task<Void> b = createTask(() -> { log.add("b1"); sleep(0.5); log.add("b2"); });
            gather(a, b).await();
            return getRunningLoop().time();
        }, () -> loop);
        assertEquals(List.of("a1", "b1", "b2", "a2"), log);
        assertEquals(1.0, t);
    }

    @Test
    void cancelSleepingTask() {
        VirtualTimeLoop loop = VirtualTimeLoop.create();
        String r = run(() -> {
            Task<Integer> t = createTask(() -> { sleep(10); return 12; });
            getRunningLoop().callLater(0.1, t::cancel);
            try {
                t.await();
                return "not cancelled";
            } catch (CancelledError e) {
                return "cancelled at " + getRunningLoop().time() + " " + t.isCancelled();
            }
        }, () -> loop);
        assertEquals("cancelled at 0.1 true", r);
    }

    @Test
    void threadIsTheSameForAllTasks() {
        List<String> names = new ArrayList<>();
        run(() -> {
            gather(createTask(() -> { names.add(Thread.currentThread().getName()); sleep(0); }),
                   createTask(() -> { names.add(Thread.currentThread().getName()); sleep(0); })).await();
            return null;
        });
        assertEquals(2, names.size());
    }
}
