package org.asyncio4j.internal.engine;

import java.util.concurrent.locks.LockSupport;

/**
 * The engine on public API: each fiber is a virtual thread, and exactly one of them (or the loop's own
 * virtual thread) runs at a time. Control passes by a strict hand-off: the resumer marks the fiber's
 * turn, unparks it and parks until the fiber hands the turn back. The loop itself runs on a virtual
 * thread too, because a hand-off between virtual threads costs about half a microsecond while one
 * through a platform thread costs about 18.
 */
final class PortableEngine implements Engine {
    private static final ThreadLocal<VirtualFiber> CURRENT = new ThreadLocal<>();
    private static final Thread.Builder.OfVirtual FIBERS = Thread.ofVirtual().name("asyncio4j-fiber");
    private static final Thread.Builder.OfVirtual LOOPS = Thread.ofVirtual().name("asyncio4j-loop");

    @Override
    public Fiber newFiber(Runnable body) {
        return new VirtualFiber(body);
    }

    @Override
    public void resume(Fiber fiber) {
        VirtualFiber f = (VirtualFiber) fiber;
        if (f.done) {
            throw new IllegalStateException("cannot resume a finished fiber");
        }
        Thread me = Thread.currentThread();
        f.resumer = me;
        f.fiberTurn = true;
        if (f.thread == null) {
            f.thread = FIBERS.start(f::runBody);
        } else {
            LockSupport.unpark(f.thread);
        }
        boolean interrupted = false;
        while (f.fiberTurn) {
            LockSupport.park(f);
            interrupted |= Thread.interrupted(); // else a pending interrupt turns the wait into a spin
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void suspend() {
        VirtualFiber f = CURRENT.get();
        if (f == null) {
            throw new IllegalStateException("suspend() called outside a coroutine");
        }
        f.fiberTurn = false;
        LockSupport.unpark(f.resumer);
        boolean interrupted = false;
        while (!f.fiberTurn) {
            LockSupport.park(f);
            interrupted |= Thread.interrupted(); // see resume
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (f.abandoned) {
            throw new Abandoned();
        }
    }

    @Override
    public void abandon(Fiber fiber) {
        VirtualFiber f = (VirtualFiber) fiber;
        if (f.thread != null && !f.done) {
            f.abandoned = true;
            resume(f); // returns when the unwound body has finished (or, if it caught the error, suspended)
        }
    }

    /** Cannot tell: the JDK reports the monitors of platform threads only. */
    @Override
    public void checkNoMonitorHeld() {}

    @Override
    public Fiber current() {
        return CURRENT.get();
    }

    @Override
    public void runLoop(Runnable loopBody) {
        if (Thread.currentThread().isVirtual()) {
            loopBody.run();
            return;
        }
        Throwable[] failure = new Throwable[1];
        Thread t = LOOPS.start(() -> {
            try {
                loopBody.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] instanceof RuntimeException re) {
            throw re;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
    }

    @Override
    public boolean fibersHaveOwnThreads() {
        return true;
    }

    @Override
    public String name() {
        return "portable";
    }

    /** Unwinds the virtual thread of a coroutine whose loop was closed while it was suspended. */
    private static final class Abandoned extends Error {
        private static final long serialVersionUID = 1L;

        Abandoned() {
            super("the event loop was closed while this coroutine was suspended", null, false, false);
        }
    }

    private static final class VirtualFiber implements Fiber {
        private final Runnable body;
        private Thread thread;
        private volatile Thread resumer;
        private volatile boolean fiberTurn;
        private volatile boolean done;
        /** Set when the fiber's loop was closed: its suspension point throws {@link Abandoned}. */
        private volatile boolean abandoned;

        VirtualFiber(Runnable body) {
            this.body = body;
        }

        @Override
        public Runnable body() {
            return body;
        }

        void runBody() {
            CURRENT.set(this);
            try {
                body.run();
            } finally {
                done = true;
                fiberTurn = false;
                LockSupport.unpark(resumer);
            }
        }

        @Override
        public boolean isDone() {
            return done;
        }

        @Override
        public Thread ownThread() {
            return thread;
        }

        @Override
        public StackTraceElement[] suspendedStack() {
            Thread t = thread;
            return t == null || done || fiberTurn ? new StackTraceElement[0] : t.getStackTrace();
        }
    }
}
