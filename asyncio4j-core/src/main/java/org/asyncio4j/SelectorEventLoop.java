package org.asyncio4j;

/**
 * The default event loop: real monotonic time and a {@code java.nio} Selector (epoll on Linux) for I/O.
 * Counterpart of {@code asyncio.SelectorEventLoop}; {@link Asyncio#newEventLoop()} returns one.
 */
public final class SelectorEventLoop extends BaseEventLoop {
    private static final long ORIGIN = System.nanoTime();

    public SelectorEventLoop() {
        super();
    }

    @Override
    public double time() {
        return (System.nanoTime() - ORIGIN) / 1e9;
    }
}
