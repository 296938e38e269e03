package org.asyncio4j;

/**
 * An internal done-callback: scheduled through the ready queue like any done-callback (never inline),
 * but without a {@link Handle} or a context snapshot, because it runs no user code. Used by
 * {@code gather}, whose children would otherwise cost two objects each when they complete.
 */
interface FutureListener {
    void futureDone(Future<?> future);
}
