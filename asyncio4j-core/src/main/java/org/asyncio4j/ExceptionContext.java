package org.asyncio4j;

/**
 * What an {@link ExceptionHandler} is told: the counterpart of asyncio's context dict.
 *
 * @param message always present, e.g. "Exception in callback ..."
 * @param exception the failure, or null
 * @param task the task concerned, or null
 * @param future the future concerned, or null
 * @param handle the callback handle concerned, or null
 * @param context for "Unhandled error in exception handler": the context the failing handler was given
 */
public record ExceptionContext(String message, Throwable exception, Task<?> task, Future<?> future,
                               Handle handle, ExceptionContext context) {

    /** A context with only a message and an exception. */
    public static ExceptionContext of(String message, Throwable exception) {
        return new ExceptionContext(message, exception, null, null, null, null);
    }

    /** A context naming a task. */
    public static ExceptionContext ofTask(String message, Throwable exception, Task<?> task) {
        return new ExceptionContext(message, exception, task, null, null, null);
    }

    /** A context naming a future. */
    public static ExceptionContext ofFuture(String message, Throwable exception, Future<?> future) {
        return new ExceptionContext(message, exception, null, future, null, null);
    }
}
