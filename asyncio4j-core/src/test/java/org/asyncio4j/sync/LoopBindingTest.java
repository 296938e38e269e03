package org.asyncio4j.sync;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.sync.SyncTesting.runVirtual;
import static org.asyncio4j.sync.SyncTesting.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.asyncio4j.AsyncRunnable;
import org.asyncio4j.Task;
import org.junit.jupiter.api.Test;

/**
 * Every primitive binds to the loop of the first coroutine that waits on it (asyncio's
 * {@code _LoopBoundMixin}) and refuses to wait on another loop afterwards; using it without waiting
 * needs no loop at all.
 */
class LoopBindingTest {

    /** Makes a coroutine wait on the primitive in one loop, then checks that waiting in a second loop fails. */
    private static void bindsToTheFirstLoop(Object primitive, AsyncRunnable waitOnce, AsyncRunnable release,
            AsyncRunnable waitAgain, int queuedAfterwards) {
        runVirtual(() -> {
            Task<Void> waiter = createTask(waitOnce);
            tick();
            assertFalse(waiter.isDone(), "the waiter did not wait");
            release.run();
            waiter.await();
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runVirtual(waitAgain));
        assertTrue(e.getMessage().startsWith(primitive.toString().substring(0, 8)), e.getMessage()); // names it
        assertTrue(e.getMessage().contains("is bound to a different event loop"), e.getMessage());
        assertEquals(queuedAfterwards, queued(primitive));
    }

    private static int queued(Object primitive) {
        return switch (primitive) {
            case Event ev -> ev.waiterCount();
            case Semaphore sem -> sem.waiterCount();
            case Barrier b -> b.condition().waiterCount();
            default -> throw new AssertionError(primitive);
        };
    }

    @Test
    void eventBindsToItsFirstLoop() {
        Event ev = new Event();
        bindsToTheFirstLoop(ev, ev::await, ev::set, () -> {
            ev.clear();
            ev.await();
        }, 0);
        ev.set();
        assertTrue(ev.isSet()); // no wait, no loop needed
    }

    @Test
    void semaphoresBindToTheirFirstLoop() {
        for (Semaphore sem : new Semaphore[] {new Semaphore(1), new BoundedSemaphore(1)}) {
            sem.acquire(); // no wait, no loop needed
            bindsToTheFirstLoop(sem, sem::acquire, sem::release, sem::acquire, 0);
            sem.release();
            assertEquals(1, sem.value());
        }
    }

    @Test
    void barrierBindsToItsFirstLoop() {
        Barrier barrier = new Barrier(2);
        bindsToTheFirstLoop(barrier, barrier::await, barrier::await, barrier::await, 0);
        assertEquals(0, barrier.count());
    }
}
