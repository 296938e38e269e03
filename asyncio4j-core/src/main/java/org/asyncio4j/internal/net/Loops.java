package org.asyncio4j.internal.net;

import org.asyncio4j.BaseEventLoop;
import org.asyncio4j.EventLoop;

/** Access to the loop implementation the networking layer is built on. */
final class Loops {
    private Loops() {}

    static BaseEventLoop base(EventLoop loop) {
        if (loop instanceof BaseEventLoop b) {
            return b;
        }
        throw new IllegalArgumentException("asyncio4j networking needs a loop built on BaseEventLoop, got " + loop);
    }
}
