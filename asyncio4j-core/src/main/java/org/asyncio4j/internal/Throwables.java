package org.asyncio4j.internal;

import java.util.concurrent.CompletionException;

/** The rules for rethrowing a stored failure from a method that declares no checked exceptions. */
public final class Throwables {
    private Throwables() {}

    /**
     * The throwable to throw for a stored failure: unchecked ones as they are, a checked one wrapped in
     * {@link CompletionException} with the original as its cause (the JDK's rule for {@code join()}).
     */
    public static RuntimeException wrapChecked(Throwable t) {
        return t instanceof CompletionException ce ? ce : new CompletionException(t);
    }

    /** Throws {@code t} unchanged if it is unchecked, else wrapped as {@link #wrapChecked} says. */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw wrapChecked(t);
    }

    /**
     * Failures that must escape the event loop instead of being stored in a task or reported to the
     * handler: asyncio's KeyboardInterrupt/SystemExit. On the JVM: VirtualMachineErrors other than
     * StackOverflowError (which a deep recursion in one coroutine can cause and recover from).
     */
    public static boolean isFatal(Throwable t) {
        return t instanceof VirtualMachineError && !(t instanceof StackOverflowError);
    }
}
