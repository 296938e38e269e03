package org.asyncio4j.queues;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.sync.SyncTesting.runVirtual;
import static org.asyncio4j.sync.SyncTesting.tick;
import static org.asyncio4j.sync.SyncTesting.withTimeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.asyncio4j.CancelledError;
import org.asyncio4j.Task;
import org.asyncio4j.TimedOutException;
import org.asyncio4j.sync.Event;
import org.asyncio4j.sync.SyncTesting;
import org.junit.jupiter.api.Test;

/** asyncio.Queue: conformance cases H1–H6 and CPython's test_queues basic, get and put tests. */
class QueueTest {

    @Test
    void h1_boundedQueueBlocksPutters() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>(2);
            assertEquals(2, q.maxsize());
            List<Integer> haveBeenPut = new ArrayList<>();
            Task<Boolean> t = createTask(() -> {
                for (int i = 0; i < 3; i++) {
                    q.put(i);
                    haveBeenPut.add(i);
                }
                return true;
            });
            tick();
            tick();
            assertEquals(List.of(0, 1), haveBeenPut); // blocked after two
            assertEquals(0, q.get());
            tick();
            assertEquals(List.of(0, 1, 2), haveBeenPut);
            assertEquals(1, q.get());
            assertEquals(2, q.get());
            assertTrue(t.isDone() && t.result());
        });
    }

    @Test
    void h2_waitingGettersAreServedInOrder() {
        runVirtual(() -> {
            Queue<String> q = new Queue<>();
            List<String> got = new ArrayList<>();
            List<Task<Void>> getters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int id = i;
                getters.add(createTask(() -> {
                    got.add("(" + id + "," + q.get() + ")");
                }));
            }
            tick();
            q.putNowait("a");
            q.putNowait("b");
            q.putNowait("c");
            gather(getters, false).await();
            assertEquals(List.of("(0,a)", "(1,b)", "(2,c)"), got);
        });
    }

    @Test
    void h2_waitingPuttersAreServedInOrder() {
        runVirtual(() -> {
            Queue<String> q = new Queue<>(1);
            q.putNowait("first");
            List<Task<Void>> putters = new ArrayList<>();
            for (String item : List.of("X", "Y", "Z")) {
                putters.add(createTask(() -> q.put(item)));
            }
            tick();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(q.get());
            }
            assertEquals(List.of("first", "X", "Y", "Z"), got);
            gather(putters, false).await();
        });
    }

    @Test
    void getWithWaitingPutters() {
        runVirtual(() -> {
            Queue<String> q = new Queue<>(1);
            createTask(() -> q.put("a"));
            createTask(() -> q.put("b"));
            assertEquals("a", q.get());
            assertEquals("b", q.get());
        });
    }

    @Test
    void h3_cancelledGetterBeforeThePutLosesNothing() {
        runVirtual(() -> {
            Queue<String> q = new Queue<>();
            Task<String> t1 = createTask(q::get);
            Task<String> t2 = createTask(q::get);
            tick();
            t1.cancel();
            tick();
            assertTrue(t1.isDone());
            q.put("a");
            tick();
            assertEquals("a", t2.await());
            assertEquals(0, q.getterCount());
        });
    }

    @Test
    void h3_wokenReaderCancelledBeforeRunningLeavesItsItemFirst() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>();
            Task<Integer> reader = createTask(q::get);
            tick();
            q.putNowait(1);
            q.putNowait(2);
            reader.cancel();
            Integer result;
            try {
                result = reader.await();
            } catch (CancelledError e) {
                reader = createTask(q::get); // try again
                result = reader.await();
            }
            assertEquals(1, result); // 2 would mean 1 was dropped
            assertEquals(1, q.qsize());
        });
    }

    @Test
    void h3_manyReadersOneCancelledStillGetEveryItem() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>();
            Task<Integer> reader1 = createTask(q::get);
            Task<Integer> reader2 = createTask(q::get);
            Task<Integer> reader3 = createTask(q::get);
            tick();
            q.putNowait(1);
            q.putNowait(2);
            reader1.cancel();
            assertThrows(CancelledError.class, reader1::await);
            reader3.await();
            assertEquals(Set.of(1, 2), Set.of(reader2.await(), reader3.await()));
            assertEquals(0, q.getterCount());
            assertTrue(q.isEmpty());
        });
    }

    @Test
    void putterWokenThenCancelledLetsTheRetryPut() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>(1);
            q.putNowait(1);
            Task<Void> writer = createTask(() -> q.put(2));
            tick();
            assertEquals(1, q.getNowait()); // wakes the writer ...
            writer.cancel(); // ... which is cancelled before it runs
            try {
                writer.await();
            } catch (CancelledError e) {
                writer = createTask(() -> q.put(2));
                writer.await();
            }
            assertEquals(2, q.getNowait());
            assertEquals(0, q.qsize());
        });
    }

    @Test
    void cancelledPutterPassesTheFreeSlotOn() {
        runVirtual(() -> {
            Queue<String> q = new Queue<>(1);
            Task<Void> putA = createTask(() -> q.put("a"));
            Task<Void> putB = createTask(() -> q.put("b"));
            Task<Void> putC = createTask(() -> q.put("X"));
            tick();
            assertTrue(putA.isDone());
            assertFalse(putB.isDone());
            putC.cancel();
            tick();
            assertTrue(putC.isDone());
            assertEquals("a", q.getNowait());
            tick();
            assertEquals("b", q.getNowait());
            putB.await();
            assertTrue(q.isEmpty());
        });
    }

    @Test
    void wokenPutterCancelledWakesTheNextPutter() {
        runVirtual(() -> {
            Queue<String> q = new Queue<>(1);
            q.putNowait("first");
            Task<Void> p1 = createTask(() -> q.put("p1"));
            Task<Void> p2 = createTask(() -> q.put("p2"));
            tick();
            assertEquals("first", q.getNowait()); // wakes p1
            p1.cancel();
            assertThrows(CancelledError.class, p1::await);
            tick();
            assertTrue(p2.isDone());
            assertEquals("p2", q.getNowait());
            assertEquals(0, q.putterCount());
        });
    }

    @Test
    void h5_getterThatTimedOutIsNotHeld() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>(5);
            assertThrows(TimedOutException.class, () -> withTimeout(0.1, q::get));
            assertEquals(0, q.getterCount());
            assertEquals(0.1, getRunningLoop().time());
        });
    }

    @Test
    void h5_cancelledPutterIsNotHeld() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>(1);
            q.putNowait(1);
            Task<Void> put = createTask(() -> q.put(1));
            tick();
            assertEquals(1, q.putterCount());
            put.cancel();
            assertThrows(CancelledError.class, put::await);
            assertEquals(0, q.putterCount());
        });
    }

    @Test
    void cancelledPutterAlreadyRemovedByGetNowaitIsFine() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>(1);
            q.putNowait(1);
            Task<Void> put = createTask(() -> q.put(1));
            tick();
            q.getNowait(); // removes the putter's future from the queue of putters
            put.cancel();
            assertThrows(CancelledError.class, put::await);
            assertEquals(0, q.putterCount());
            assertTrue(q.isEmpty()); // its item was not put
        });
    }

    @Test
    void h6_getNowaitOnAnEmptyQueueFails() {
        Queue<Integer> q = new Queue<>();
        QueueEmptyException e = assertThrows(QueueEmptyException.class, q::getNowait);
        assertEquals("Queue is empty", e.getMessage());
    }

    @Test
    void h6_putNowaitOnAFullQueueFails() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(1);
        QueueFullException e = assertThrows(QueueFullException.class, () -> q.putNowait(2));
        assertEquals("Queue is full (maxsize=1)", e.getMessage());
        assertEquals(1, q.qsize());
    }

    @Test
    void emptyAndFull() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>();
            assertTrue(q.isEmpty());
            assertFalse(q.isFull());
            q.put(1);
            assertFalse(q.isEmpty());
            assertEquals(1, q.get());
            assertTrue(q.isEmpty());

            Queue<Integer> one = new Queue<>(1);
            assertFalse(one.isFull());
            one.put(1);
            assertTrue(one.isFull());
            assertFalse(new Queue<Integer>(-3).isFull());
        });
    }

    @Test
    void unboundedForZeroOrNegativeMaxsize() {
        for (int maxsize : new int[] {0, -1}) {
            Queue<Integer> q = new Queue<>(maxsize);
            for (int i = 0; i < 1000; i++) {
                q.putNowait(i);
            }
            assertFalse(q.isFull());
            assertEquals(1000, q.qsize());
            assertEquals(maxsize, q.maxsize());
        }
    }

    @Test
    void fifoOrder() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>();
            for (int i : new int[] {1, 3, 2}) {
                q.put(i);
            }
            assertEquals(List.of(1, 3, 2), List.of(q.get(), q.get(), q.get()));
        });
    }

    @Test
    void nullItemsAreAllowed() {
        runVirtual(() -> {
            Queue<String> q = new Queue<>(2);
            q.put(null);
            q.put("x");
            assertTrue(q.isFull());
            assertNull(q.get());
            assertEquals("x", q.get());
            LifoQueue<String> lifo = new LifoQueue<>();
            lifo.put("x");
            lifo.put(null);
            assertNull(lifo.get());
            assertEquals("x", lifo.get());
        });
    }

    @Test
    void blockingGetIsWokenByALaterPut() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>();
            Event started = new Event();
            boolean[] finished = {false};
            Task<Integer> getter = createTask(() -> {
                started.set();
                Integer res = q.get();
                finished[0] = true;
                return res;
            });
            started.await();
            assertFalse(finished[0]);
            getRunningLoop().callLater(0.01, () -> q.putNowait(1));
            assertEquals(1, getter.await());
            assertTrue(finished[0]);
            assertEquals(0.01, getRunningLoop().time());
        });
    }

    @Test
    void blockingPutIsWokenByALaterGet() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>(1);
            Event started = new Event();
            boolean[] finished = {false};
            getRunningLoop().callLater(0.01, q::getNowait);
            Task<Void> putter = createTask(() -> {
                started.set();
                q.put(1);
                q.put(2);
                finished[0] = true;
            });
            started.await();
            assertFalse(finished[0]);
            putter.await();
            assertTrue(finished[0]);
            assertEquals(0.01, getRunningLoop().time());
        });
    }

    @Test
    void putWithAWaitingGetterHandsTheItemOverInOneIteration() {
        runVirtual(() -> {
            Queue<String> q = new Queue<>();
            Task<String> t = createTask(q::get);
            tick();
            q.put("a"); // room available: no suspension
            assertFalse(t.isDone());
            tick();
            assertTrue(t.isDone());
            assertEquals("a", t.await());
        });
    }

    @Test
    void putOnAnUnboundedQueueCompletesWithoutSuspending() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>();
            Task<Boolean> t = createTask(() -> {
                q.put(1);
                return true;
            });
            assertEquals(1, q.get()); // main suspends until t ran
            assertTrue(t.isDone() && t.result());
        });
    }

    @Test
    void producerAndConsumerThroughASingleSlot() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>(1);
            List<Integer> got = new ArrayList<>();
            Task<Void> consumer = createTask(() -> {
                for (int i = 0; i < 5; i++) {
                    got.add(q.get());
                }
            });
            Task<Void> producer = createTask(() -> {
                for (int i = 0; i < 5; i++) {
                    q.put(i);
                }
            });
            gather(producer, consumer).await();
            assertEquals(List.of(0, 1, 2, 3, 4), got);
        });
    }

    @Test
    void puttersAreWokenAsSlotsFree() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>(2);
            Task<Void> getter = createTask(() -> {
                tick();
                int n = q.qsize();
                for (int i = 0; i < n; i++) {
                    q.getNowait();
                }
            });
            List<Task<Void>> putters = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int item = i;
                putters.add(createTask(() -> q.put(item)));
            }
            getter.await();
            gather(putters, false).await();
            assertEquals(2, q.qsize());
            assertEquals(List.of(2, 3), List.of(q.getNowait(), q.getNowait()));
        });
    }

    @Test
    void putAndGetOfAnAvailableItemAllocateNothing() {
        Queue<Object> q = new Queue<>(4);
        Object item = new Object();
        SyncTesting.assertAllocatesNothing("putNowait/getNowait", () -> {
            q.putNowait(item);
            q.getNowait();
        });
        assertEquals(0, q.qsize());
    }

    @Test
    void formatShowsItemsWaitersTasksAndShutdown() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>();
            assertEquals("maxsize=0", q.format());
            assertTrue(q.toString().matches("<Queue@[0-9a-f]+ maxsize=0>"), q.toString());
            Task<Integer> getter = createTask(q::get);
            tick();
            assertTrue(q.toString().contains("getters[1]"), q.toString());
            q.putNowait(0);
            assertEquals(0, getter.await());

            Queue<Integer> one = new Queue<>(1);
            one.putNowait(1);
            Task<Void> putter = createTask(() -> one.put(2));
            tick();
            assertEquals("maxsize=1 items=[1] putters[1] tasks=1", one.format());
            one.getNowait();
            putter.await();

            Queue<Integer> q2 = new Queue<>();
            q2.putNowait(1);
            assertTrue(q2.toString().contains("items=[1]"), q2.toString());
            assertTrue(new PriorityQueue<Integer>().toString().startsWith("<PriorityQueue@"));
        });
    }

    @Test
    void waitingOnAQueueOfAnotherLoopFails() {
        Queue<Integer> q = new Queue<>();
        runVirtual(() -> {
            Task<Integer> t = createTask(q::get);
            tick();
            q.putNowait(1);
            assertEquals(1, t.await());
        });
        runVirtual(() -> {
            q.putNowait(2); // no waiting: fine
            assertEquals(2, q.get());
            IllegalStateException e = assertThrows(IllegalStateException.class, q::get);
            assertTrue(e.getMessage().contains("is bound to a different event loop"), e.getMessage());
            assertEquals(0, q.getterCount());
        });
    }

    @Test
    void priorityQueueRejectsWhatItCannotOrderAndStaysUnchanged() {
        PriorityQueue<Object> pq = new PriorityQueue<>();
        pq.putNowait(1);
        assertThrows(ClassCastException.class, () -> pq.putNowait(new Object()));
        assertThrows(NullPointerException.class, () -> pq.putNowait(null));
        assertEquals(1, pq.qsize());
        assertEquals(1, pq.unfinishedTasks());
        assertEquals(1, pq.getNowait());
    }
}
