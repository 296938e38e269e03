package org.asyncio4j;

/**
 * Receives errors that have no caller to go to: failures in callbacks, "Task exception was never
 * retrieved", shutdown errors. Counterpart of the function given to
 * {@code loop.set_exception_handler}. It runs on the loop's thread; if it throws, the loop's default
 * handler reports both errors and the loop keeps running.
 */
@FunctionalInterface
public interface ExceptionHandler {
    void handle(EventLoop loop, ExceptionContext context);
}
