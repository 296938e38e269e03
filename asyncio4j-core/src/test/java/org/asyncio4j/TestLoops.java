package org.asyncio4j;

import org.asyncio4j.testing.VirtualTimeLoop;

/** Running test coroutines on a virtual clock. */
final class TestLoops {
    private TestLoops() {}

    /** Runs {@code main} on a new {@link VirtualTimeLoop} (clock at 0) and returns its result. */
    static <T> T runVirtual(Coroutine<T> main) {
        return Asyncio.run(main, VirtualTimeLoop::create);
    }

    /** {@link #runVirtual(Coroutine)} with a task factory installed before {@code main} starts. */
    static <T> T runVirtual(Coroutine<T> main, TaskFactory factory) {
        return Asyncio.run(main, () -> {
            VirtualTimeLoop loop = VirtualTimeLoop.create();
            loop.setTaskFactory(factory);
            return loop;
        });
    }

    /** {@link #runVirtual(Coroutine)} for a body without a result. */
    static void runVirtual(AsyncRunnable main) {
        runVirtual(main.asCoroutine());
    }

    /** The running loop's clock. */
    static double now() {
        return Asyncio.getRunningLoop().time();
    }
}
