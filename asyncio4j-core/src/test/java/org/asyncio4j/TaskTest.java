package org.asyncio4j;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Conformance cases C1, C17, C21, C22 (tasks) of conformance-cases.md. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskTest {
    private final VirtualTimeLoop loop = VirtualTimeLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void c1_coroutinesChain() {
        Coroutine<Integer> inner1 = () -> 42;
        Coroutine<Integer> inner2 = () -> 1000;
        Coroutine<Integer> outer = () -> inner1.await() + inner2.await();
        assertEquals(1042, loop.runUntilComplete(loop.createTask(outer)));
        // and through tasks that suspend
        assertEquals(1042, loop.runUntilComplete(() -> {
            Task<Integer> a = Asyncio.createTask(() -> Asyncio.sleep(0.1, 42));
            Task<Integer> b = Asyncio.createTask(() -> Asyncio.sleep(0.2, 1000));
            return a.await() + b.await();
        }));
        assertEquals(0.2, loop.time());
    }

    @Test
    void c17_taskApiMisuse() {
        // Task(123) is a TypeError in Python; Java's types only let a Coroutine in. null is rejected.
        NullPointerException npe = assertThrows(NullPointerException.class, () -> loop.createTask((Coroutine<Object>) null));
        assertTrue(npe.getMessage().contains("coro"), npe.getMessage());
        Task<String> t = loop.createTask(() -> {
            Asyncio.sleep(0);
            return "ko";
        });
        IllegalStateException e1 = assertThrows(IllegalStateException.class, () -> t.setResult("ok"));
        assertTrue(e1.getMessage().contains("not support setResult"), e1.getMessage());
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> t.setException(new IllegalArgumentException()));
        assertTrue(e2.getMessage().contains("not support setException"), e2.getMessage());
        assertEquals("ko", loop.runUntilComplete(t));
    }

    @Test
    void c21_namesCoroAndContextAccessors() {
        Coroutine<Object> coro = () -> null;
        Task<Object> t1 = loop.createTask(coro);
        Task<Object> t2 = loop.createTask(coro);
        assertSame(coro, t1.getCoro());
        int n1 = taskNumber(t1.getName());
        int n2 = taskNumber(t2.getName());
        assertTrue(n2 > n1, "default names count up: " + t1.getName() + ", " + t2.getName());
        t1.setName("named");
        assertEquals("named", t1.getName());
        t1.setName(null); // set_name stores str(value)
        assertEquals("null", t1.getName());
        assertEquals("given", loop.createTask(coro, "given").getName());
        Context ctx = new Context();
        Task<Object> t3 = loop.createTask(coro, null, ctx);
        assertSame(ctx, t3.getContext());
        assertNotNull(t1.getContext());
        loop.runUntilComplete(Asyncio.gather(t1, t2, t3));
        assertTrue(t1.toString().startsWith("<Task finished name='null'"), t1.toString());
    }

    private static int taskNumber(String name) {
        Matcher m = Pattern.compile("Task-(\\d+)").matcher(name);
        assertTrue(m.matches(), name);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void c21_reprFollowsAsyncio() {
        Future<Object> fut = loop.createFuture();
        Task<Object> t = loop.createTask(fut::await, "T");
        assertTrue(t.toString().matches("<Task pending name='T' coro=<.*>>"), t.toString());
        Support.runBriefly(loop);
        assertTrue(t.toString().matches("<Task pending name='T' coro=<.*> wait_for=<Future pending>>"), t.toString());
        fut.setResult(7);
        loop.runUntilComplete(t);
        assertTrue(t.toString().matches("<Task finished name='T' coro=<.*> result=7>"), t.toString());
    }

    @Test
    void c22_aPendingTaskIsKeptAliveByItsLoop() {
        // asyncio holds tasks weakly and reports "Task was destroyed but it is pending!" when one is
        // collected. asyncio4j deliberately keeps pending tasks strongly (DESIGN: a fire-and-forget task
        // cannot vanish), so the report cannot happen: the task survives GC and completes.
        AtomicInteger finished = new AtomicInteger();
        Future<Object> release = loop.createFuture();
        loop.runUntilComplete(() -> {
            Asyncio.createTask(() -> {
                release.await();
                finished.incrementAndGet();
                return null;
            });
            return null;
        });
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        int pending = loop.runUntilComplete(() -> Asyncio.allTasks().size());
        assertEquals(2, pending, "the unreferenced task is still pending (besides the task that counts)");
        release.setResult(null);
        Support.runBriefly(loop);
        Support.runBriefly(loop);
        assertEquals(1, finished.get());
    }
}
