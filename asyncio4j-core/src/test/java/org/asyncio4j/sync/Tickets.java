package org.asyncio4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

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

    /** A new ticket, for an acquire() about to be called. */
    int take() {
        status.add(Status.PENDING);
        return status.size() - 1;
    }

    /** The holder of ticket {@code t} is being cancelled while it waits. */
    void cancelRequested(int t) {
        if (status.get(t) == Status.PENDING) {
            status.set(t, Status.CANCEL_REQUESTED);
        }
    }

    /** acquire() returned for ticket {@code t}: it must be the oldest one still pending. */
    void granted(int t) {
        assertEquals(Status.PENDING, status.get(t), "ticket " + t + " granted although its cancellation was requested");
        advance();
        if (frontier < t) {
            fail("ticket " + t + " was granted while the older ticket " + frontier + " still waits (queue jumping)");
        }
        status.set(t, Status.GRANTED);
        advance();
    }

    /** acquire() threw for ticket {@code t}. */
    void failed(int t) {
        status.set(t, Status.FAILED);
        advance();
    }

    int count() {
        return status.size();
    }

    /** Every ticket is granted or failed: no acquire() was left hanging. */
    void assertAllResolved() {
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
