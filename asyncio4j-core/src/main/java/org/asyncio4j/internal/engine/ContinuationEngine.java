package org.asyncio4j.internal.engine;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * The fast engine: each fiber is a {@code jdk.internal.vm.Continuation} mounted on the loop's own
 * thread. Needs {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (or {@code =org.asyncio4j}
 * on the module path); {@link Engines} only loads this class when that export is present.
 */
final class ContinuationEngine implements Engine {
    private static final ContinuationScope SCOPE = new ContinuationScope("asyncio4j");

    @Override
    public Fiber newFiber(Runnable body) {
        return new ContinuationFiber(body);
    }

    @Override
    public void resume(Fiber fiber) {
        ((ContinuationFiber) fiber).run();
    }

    @Override
    public void suspend() {
        // Outside a continuation of our scope, yield throws IllegalStateException("Not in scope ...");
        // callers reach here only from a task's own coroutine.
        Continuation.yield(SCOPE);
    }

    @Override
    public void checkNoMonitorHeld() {
        String held = HeldMonitors.inInnermostContinuation();
        if (held != null) {
            throw new IllegalStateException("a coroutine cannot suspend while it holds a monitor: " + held
                    + ". The suspension would keep the monitor while other coroutines run, and the loop would"
                    + " deadlock when one of them enters it. Release it before suspending: move the suspending"
                    + " call (await, sleep, read, acquire) out of the synchronized code, or use"
                    + " org.asyncio4j.sync.Lock to exclude other coroutines across awaits (checked in debug mode)");
        }
    }

    @Override
    public void abandon(Fiber fiber) {
        // nothing holds an unmounted continuation but its task: it is collected with it
    }

    @Override
    public Fiber current() {
        return (ContinuationFiber) Continuation.getCurrentContinuation(SCOPE);
    }

    @Override
    public void runLoop(Runnable loopBody) {
        loopBody.run();
    }

    @Override
    public boolean fibersHaveOwnThreads() {
        return false;
    }

    @Override
    public String name() {
        return "continuation";
    }

    private static final class ContinuationFiber extends Continuation implements Fiber {
        private final Runnable body;

        ContinuationFiber(Runnable body) {
            super(SCOPE, body);
            this.body = body;
        }

        @Override
        public Runnable body() {
            return body;
        }

        @Override
        public StackTraceElement[] suspendedStack() {
            if (isDone() || Continuation.getCurrentContinuation(SCOPE) == this) {
                return new StackTraceElement[0];
            }
            try {
                return getStackTrace();
            } catch (RuntimeException notMounted) {
                return new StackTraceElement[0];
            }
        }

        @Override
        protected void onPinned(Continuation.Pinned reason) {
            String where = switch (reason) {
                case NATIVE -> "under a native frame (a static initializer, or code called back from native or VM code)";
                case MONITOR -> "while holding a monitor (inside a synchronized block or method)";
                case CRITICAL_SECTION -> "inside a JDK critical section";
                case EXCEPTION -> "but the JVM could not save its stack (out of memory or stack)";
            };
            throw new IllegalStateException("a coroutine cannot suspend here: its stack is pinned (" + reason + "). A"
                    + " suspending call (await, sleep, read, acquire) was made " + where + "; move the suspending call"
                    + " out of it");
        }
    }
}
