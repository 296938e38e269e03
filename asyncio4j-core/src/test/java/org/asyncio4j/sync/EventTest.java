package org.asyncio4j.sync;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.sync.SyncTesting.runVirtual;
import static org.asyncio4j.sync.SyncTesting.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.asyncio4j.CancelledError;
import org.asyncio4j.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Event's behaviour: conformance case G7 and CPython's test_locks.EventTests. */
class EventTest {

    private static Task<Boolean> waiter(Event ev, List<Integer> log, int tag) {
        return createTask(() -> {
            boolean r = ev.await();
            log.add(tag);
            return r;
        });
    }

    @Test
    void setWakesEveryWaiterAfterTasksAlreadyScheduled() {
        runVirtual(() -> {
            Event ev = new Event();
            assertFalse(ev.isSet());
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t1 = waiter(ev, result, 1);
            Task<Boolean> t2 = waiter(ev, result, 2);
            tick();
            assertEquals(List.of(), result);

            Task<Boolean> t3 = waiter(ev, result, 3); // scheduled before set(): runs first and does not wait
            ev.set();
            tick();
            assertEquals(List.of(3, 1, 2), result);
            for (Task<Boolean> t : List.of(t1, t2, t3)) {
                assertTrue(t.isDone());
                assertTrue(t.result());
            }
            assertEquals(0, ev.waiterCount());
        });
    }

    @Test
    void g7_awaitOnASetEventReturnsAtOnce() {
        runVirtual(() -> {
            Event ev = new Event();
            ev.set();
            double before = getRunningLoop().time();
            assertTrue(ev.await());
            assertEquals(before, getRunningLoop().time());
            assertEquals(0, ev.waiterCount());
        });
    }

    @Test
    void g7_cancelledWaiterIsRemoved() {
        runVirtual(() -> {
            Event ev = new Event();
            Task<Boolean> wait = createTask(ev::await);
            getRunningLoop().callSoon(wait::cancel);
            assertThrows(CancelledError.class, wait::await);
            assertEquals(0, ev.waiterCount());
        });
    }

    @Test
    void clearLowersTheFlag() {
        Event ev = new Event();
        assertFalse(ev.isSet());
        ev.set();
        assertTrue(ev.isSet());
        ev.clear();
        assertFalse(ev.isSet());
    }

    @Test
    void g7_setThenClearStillWakesTheWaiters() {
        runVirtual(() -> {
            Event ev = new Event();
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t = waiter(ev, result, 1);
            tick();
            assertEquals(List.of(), result);

            ev.set();
            ev.clear();
            assertFalse(ev.isSet());
            ev.set();
            ev.set();
            assertEquals(1, ev.waiterCount());

            tick();
            assertEquals(List.of(1), result);
            assertEquals(0, ev.waiterCount());
            assertTrue(t.isDone());
            assertTrue(t.result());
        });
    }

    @Test
    void waitersAfterClearSuspendUntilTheNextSet() {
        runVirtual(() -> {
            Event ev = new Event();
            ev.set();
            ev.clear();
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t = waiter(ev, result, 1);
            tick();
            tick();
            assertFalse(t.isDone());
            getRunningLoop().callLater(2.5, ev::set);
            t.await();
            assertEquals(List.of(1), result);
            assertEquals(2.5, getRunningLoop().time());
        });
    }

    @Test
    void cancelledWaiterDoesNotStopOthersFromWaking() {
        runVirtual(() -> {
            Event ev = new Event();
            List<Integer> result = new ArrayList<>();
            Task<Boolean> t1 = waiter(ev, result, 1);
            Task<Boolean> t2 = waiter(ev, result, 2);
            Task<Boolean> t3 = waiter(ev, result, 3);
            tick();
            t2.cancel();
            ev.set();
            tick();
            assertEquals(List.of(1, 3), result);
            assertTrue(t1.isDone() && t3.isDone());
            assertTrue(t2.isCancelled());
            assertEquals(0, ev.waiterCount());
        });
    }

    @Test
    void waiterCancelledAfterSetStillSeesCancellation() {
        runVirtual(() -> {
            Event ev = new Event();
            Task<Boolean> t = createTask(ev::await);
            tick();
            ev.set();
            t.cancel(); // the waiter future is already done: the task gets CancelledError when it runs
            assertThrows(CancelledError.class, t::await);
            assertTrue(t.isCancelled());
            assertEquals(0, ev.waiterCount());
            assertTrue(ev.isSet());
        });
    }

    @Test
    void toStringShowsFlagAndWaiters() {
        runVirtual(() -> {
            Event ev = new Event();
            assertTrue(ev.toString().matches("<Event@[0-9a-f]+ \\[unset]>"), ev.toString());
            Task<Boolean> t = createTask(ev::await);
            tick();
            assertTrue(ev.toString().endsWith("[unset, waiters:1]>"), ev.toString());
            ev.set();
            assertTrue(ev.toString().endsWith("[set, waiters:1]>"), ev.toString());
            t.await();
            assertTrue(ev.toString().endsWith("[set]>"), ev.toString());
        });
    }
}
