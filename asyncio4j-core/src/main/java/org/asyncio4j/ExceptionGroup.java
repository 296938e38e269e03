package org.asyncio4j;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Several failures raised together, as by a {@code TaskGroup}: the counterpart of Python's
 * {@code ExceptionGroup}. The failures are in {@link #exceptions()} in the order they happened, and are
 * also attached as suppressed exceptions so that a stack trace shows them all.
 */
public class ExceptionGroup extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<Throwable> exceptions;

    /**
     * @param message what failed, e.g. "unhandled errors in a TaskGroup"; the count is appended
     * @param exceptions at least one failure
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(message + " (" + exceptions.size() + " sub-exception" + (exceptions.size() == 1 ? "" : "s") + ")",
                null, true, true);
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("an ExceptionGroup needs at least one exception");
        }
        this.exceptions = List.copyOf(exceptions);
        for (Throwable t : this.exceptions) {
            addSuppressed(t);
        }
    }

    /** The failures, in the order they were collected. */
    public List<Throwable> exceptions() {
        return exceptions;
    }

    /**
     * The failures (searching nested groups) that match {@code condition}, as a new group with the same
     * message, or {@code null} if none match: Python's {@code ExceptionGroup.subgroup}.
     */
    public ExceptionGroup subgroup(Predicate<? super Throwable> condition) {
        List<Throwable> kept = new ArrayList<>();
        for (Throwable t : exceptions) {
            if (condition.test(t)) {
                kept.add(t);
            } else if (t instanceof ExceptionGroup g) {
                ExceptionGroup sub = g.subgroup(condition);
                if (sub != null) {
                    kept.add(sub);
                }
            }
        }
        return kept.isEmpty() ? null : new ExceptionGroup(baseMessage(), kept);
    }

    private String baseMessage() {
        String m = getMessage();
        int i = m.lastIndexOf(" (");
        return i < 0 ? m : m.substring(0, i);
    }
}
