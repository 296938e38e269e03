package org.asyncio4j.sync;

import static org.asyncio4j.Asyncio.gather;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.asyncio4j.Task;

/**
 * Checks first-come-first-served for Lock and Semaphore in randomized runs: every acquire() call takes a
 * ticket just before it is made, and a grant is legal only when every earlier ticket has been granted,
 * has failed, or has had a cancellation requested (a cancelled waiter may be overtaken, nobody else).
 */
final class Tickets {
    private enum Status { PENDING, CANCEL_REQUESTED, GRANTED, FAILED }

    private final List<Status> status = new ArrayList<>();
    /** Every ticket below this one is no longer PENDING. */
    private int frontier;
    /** The ticket each worker waits with, or -1. */
    private final int[] waitingTicket;

    Tickets(int workers) {
        waitingTicket = new int[workers];
        Arrays.fill(waitingTicket, -1);
    }

    /**
     * Worker {@code worker} calls {@code acquire} with a new ticket; the grant or failure is recorded and
     * {@code check} runs after a failure, which is rethrown.
     */
    void acquire(int worker, Runnable acquire, Runnable check) {
        int t = take();
        waitingTicket[worker] = t;
        try {
            acquire.run();
        } catch (RuntimeException | Error e) {
            waitingTicket[worker] = -1;
            failed(t);
            check.run();
            throw e;
        }
        waitingTicket[worker] = -1;
        granted(t);
    }

    /** Worker {@code worker} is about to be cancelled: if it waits, its ticket may be overtaken. */
    void cancelling(int worker) {
        if (waitingTicket[worker] >= 0) {
            cancelRequested(waitingTicket[worker]);
        }
    }

    private int take() {
        status.add(Status.PENDING);
        return status.size() - 1;
    }

    private void cancelRequested(int t) {
        if (status.get(t) == Status.PENDING) {
            status.set(t, Status.CANCEL_REQUESTED);
        }
    }

    /** acquire() returned for ticket {@code t}: it must be the oldest one still pending. */
    private void granted(int t) {
        assertEquals(Status.PENDING, status.get(t), "ticket " + t + " granted although its cancellation was requested");
        advance();
        if (frontier < t) {
            fail("ticket " + t + " was granted while the older ticket " + frontier + " still waits (queue jumping)");
        }
        status.set(t, Status.GRANTED);
        advance();
    }

    private void failed(int t) {
        status.set(t, Status.FAILED);
        advance();
    }

    /**
     * Lets {@code workers} run to their end while a chaos task cancels them at random (see
     * {@link Stress#startChaos}; a cancelled waiter's ticket may then be overtaken), and asserts that every
     * ticket was resolved.
     */
    void runToEnd(Random rnd, List<Task<Void>> workers, double cancelRate, Runnable check) {
        Task<Void> chaos = Stress.startChaos(rnd, workers, cancelRate, this::cancelling, check);
        gather(workers, false).await();
        chaos.await();
        assertAllResolved();
    }

    /** Every ticket is granted or failed: no acquire() was left hanging. */
    private void assertAllResolved() {
        for (int t = 0; t < status.size(); t++) {
            Status s = status.get(t);
            assertTrue(s == Status.GRANTED || s == Status.FAILED, "ticket " + t + " ended " + s);
        }
    }

    private void advance() {
        while (frontier < status.size() && status.get(frontier) != Status.PENDING) {
            frontier++;
        }
    }
}
