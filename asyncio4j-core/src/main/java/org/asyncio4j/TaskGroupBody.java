package org.asyncio4j;

/**
 * The body of a {@link TaskGroup} scope: it starts the group's tasks with
 * {@link TaskGroup#createTask(Coroutine)} and may await anything meanwhile. The counterpart of the body
 * of {@code async with asyncio.TaskGroup() as tg:}.
 *
 * @param <T> the type of the result
 */
@FunctionalInterface
public interface TaskGroupBody<T> {
    /** The body; it may suspend and may throw anything. */
    T run(TaskGroup group) throws Exception;
}
