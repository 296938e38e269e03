package org.asyncio4j;

/**
 * A coroutine body that takes one argument and has no result, so that a void lambda such as
 * {@code tg -> { tg.createTask(a); tg.createTask(b); }} can be passed where a scope hands its body an
 * object (see {@link Asyncio#taskGroup(AsyncConsumer)}).
 *
 * @param <A> the type of the argument
 */
@FunctionalInterface
public interface AsyncConsumer<A> {
    /** The body; it may suspend and may throw anything. */
    void accept(A argument) throws Exception;
}
