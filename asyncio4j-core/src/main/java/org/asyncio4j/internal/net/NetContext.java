package org.asyncio4j.internal.net;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.WeakHashMap;
import org.asyncio4j.BaseEventLoop;

/**
 * What the transports of one loop share: the direct buffer every socket read lands in before its bytes
 * are copied out for the protocol. One loop runs one callback at a time, so one buffer serves all its
 * connections.
 */
final class NetContext {
    /** asyncio's {@code max_size}: the most one read takes from a socket. */
    static final int READ_SIZE = 256 * 1024;

    private static final Map<BaseEventLoop, NetContext> CONTEXTS = new WeakHashMap<>();

    /** The reusable read buffer; used only inside a read, never kept across callbacks. */
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_SIZE);

    private NetContext() {}

    /** The context of {@code loop}, made on first use (it holds no reference to the loop). */
    static NetContext of(BaseEventLoop loop) {
        synchronized (CONTEXTS) {
            return CONTEXTS.computeIfAbsent(loop, l -> new NetContext());
        }
    }
}
