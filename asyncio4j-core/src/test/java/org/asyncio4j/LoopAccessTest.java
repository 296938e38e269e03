package org.asyncio4j;

import static org.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Conformance case I7 (running-loop accessors) of conformance-cases.md. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoopAccessTest {

    @Test
    void i7_outsideALoopTheAccessorsFail() {
        assertEquals("no running event loop", assertThrows(IllegalStateException.class, Asyncio::getRunningLoop).getMessage());
        assertEquals("no running event loop", assertThrows(IllegalStateException.class, Asyncio::currentTask).getMessage());
        assertEquals("no running event loop", assertThrows(IllegalStateException.class, Asyncio::allTasks).getMessage());
        assertThrows(IllegalStateException.class, () -> createTask(() -> null));
        IllegalStateException e = assertThrows(IllegalStateException.class, Asyncio::getEventLoop);
        assertTrue(e.getMessage().startsWith("There is no current event loop in thread '" + Thread.currentThread().getName() + "'"),
                e.getMessage());
    }

    @Test
    void i7_insideATaskTheAccessorsGiveTheRunningLoopAndTask() {
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            Task<List<Object>> t = loop.createTask(() -> List.of(getRunningLoop(), getEventLoop(), currentTask(), allTasks()));
            List<Object> seen = loop.runUntilComplete(t);
            assertSame(loop, seen.get(0));
            assertSame(loop, seen.get(1));
            assertSame(t, seen.get(2));
            assertEquals(java.util.Set.of(t), seen.get(3));
        }
    }

    @Test
    void i7_inAPlainCallbackThereIsNoCurrentTask() {
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            List<Object> seen = new ArrayList<>();
            loop.callSoon(() -> {
                seen.add(getRunningLoop());
                seen.add(currentTask() == null ? "no task" : currentTask());
                loop.stop();
            });
            loop.runForever();
            assertEquals(List.of(loop, "no task"), seen);
        }
    }

    @Test
    void setEventLoopSetsTheCurrentLoopOfThisThread() {
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            setEventLoop(loop);
            try {
                assertSame(loop, getEventLoop());
                assertThrows(IllegalStateException.class, Asyncio::getRunningLoop, "current is not running");
            } finally {
                setEventLoop(null);
            }
            assertThrows(IllegalStateException.class, Asyncio::getEventLoop);
        }
    }

    @Test
    void newEventLoopMakesANewSelectorLoop() {
        try (EventLoop a = newEventLoop(); EventLoop b = newEventLoop()) {
            assertInstanceOf(SelectorEventLoop.class, a);
            assertNotSame(a, b);
            assertFalse(a.isRunning());
            assertFalse(a.isClosed());
        }
    }

    @Test
    void aLoopCannotRunInsideAnotherRunningLoop() {
        try (VirtualTimeLoop outer = VirtualTimeLoop.create(); VirtualTimeLoop inner = VirtualTimeLoop.create()) {
            IllegalStateException e = outer.runUntilComplete(() -> {
                try {
                    inner.runUntilComplete(() -> null);
                    return null;
                } catch (IllegalStateException expected) {
                    return expected;
                }
            });
            assertEquals("Cannot run the event loop while another loop is running", e.getMessage());
        }
    }

    @Test
    void runUntilCompleteOnTheRunningLoopFailsWithoutNestAsyncio() {
        try (VirtualTimeLoop loop = VirtualTimeLoop.create()) {
            List<String> messages = loop.runUntilComplete(() -> {
                List<String> m = new ArrayList<>();
                try {
                    loop.runUntilComplete(() -> null);
                } catch (IllegalStateException e) {
                    m.add(e.getMessage());
                }
                try {
                    loop.runForever();
                } catch (IllegalStateException e) {
                    m.add(e.getMessage());
                }
                return m;
            });
            assertEquals(2, messages.size());
            assertTrue(messages.get(0).startsWith("This event loop is already running"), messages.get(0));
            assertEquals("This event loop is already running", messages.get(1));
        }
    }
}
