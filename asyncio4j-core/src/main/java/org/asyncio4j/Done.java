package org.asyncio4j;

import java.util.Set;

/**
 * What {@link Asyncio#wait(java.util.Collection, double, ReturnWhen)} returns: the futures that were
 * done when it returned, and those that were not. The counterpart of the {@code (done, pending)} pair of
 * {@code asyncio.wait}.
 *
 * <p>Both sets are unmodifiable, iterate in the order the futures were passed, and compare their
 * futures by identity.
 *
 * @param done the futures that were done (finished or cancelled)
 * @param pending the futures that were still pending; {@code wait} neither cancels nor awaits them
 * @param <T> the type of the futures' results
 */
public record Done<T>(Set<Future<T>> done, Set<Future<T>> pending) {
    public Done {
        done = java.util.Collections.unmodifiableSet(done);
        pending = java.util.Collections.unmodifiableSet(pending);
    }
}
