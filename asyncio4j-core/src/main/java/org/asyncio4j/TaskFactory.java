package org.asyncio4j;

/**
 * Makes the tasks of a loop: the counterpart of {@code loop.set_task_factory}. The loop calls it for
 * every {@code createTask}; {@link #EAGER_TASK_FACTORY} starts each task at once.
 */
@FunctionalInterface
public interface TaskFactory {
    /**
     * Creates (and schedules) a task for {@code coro}.
     *
     * @param name the task's name, or null for the default {@code Task-N}
     * @param context the context the task runs in, or null for a copy of the current one
     */
    <T> Task<T> create(EventLoop loop, Coroutine<T> coro, String name, Context context);

    /**
     * Eager start (asyncio's {@code eager_task_factory}): when the loop is running, the coroutine's first
     * step runs synchronously inside {@code createTask}, until it first suspends; a coroutine that never
     * suspends returns a task that is already done and was never scheduled.
     */
    TaskFactory EAGER_TASK_FACTORY = new TaskFactory() {
        @Override
        public <T> Task<T> create(EventLoop loop, Coroutine<T> coro, String name, Context context) {
            return Task.create(loop, coro, name, context, true);
        }

        @Override
        public String toString() {
            return "EAGER_TASK_FACTORY";
        }
    };
}
