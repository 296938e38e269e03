package org.asyncio4j;

import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * A set of {@link ContextVar} values: the counterpart of Python's {@code contextvars.Context}.
 *
 * <p>Every task runs all of its steps in one context: a copy of its creator's current context taken at
 * {@code createTask}, or the context passed explicitly (then shared). Every loop callback runs in a copy
 * of the context current when it was scheduled. So a value set inside a task is never seen by its
 * creator, and a value set by the creator after {@code createTask} is never seen by the task.
 *
 * <p>Copies are cheap: the values live in an immutable map that a copy shares until one side sets a
 * variable. Not thread-safe, like everything else that belongs to a loop.
 */
public final class Context {
    private static final Object[] EMPTY = new Object[0];
    private static final ThreadLocal<Slot> SLOT = ThreadLocal.withInitial(Slot::new);

    /** Alternating ContextVar, value pairs; never mutated in place (copy-on-write). */
    Object[] vars;
    /**
     * Bumped each time a loop reuses this object for another callback's snapshot, so that a token made
     * in one callback cannot reset a variable in another (each callback has its own copy in asyncio).
     */
    int generation;
    private boolean entered;

    /** An empty context. */
    public Context() {
        this(EMPTY);
    }

    Context(Object[] vars) {
        this.vars = vars;
    }

    /** A copy of the current context: Python's {@code contextvars.copy_context()}. */
    public static Context copyContext() {
        return new Context(current().vars);
    }

    /** The value of {@code var} in this context, or {@code null} if it has none here. */
    public <T> T get(ContextVar<T> var) {
        int i = indexOf(vars, var);
        @SuppressWarnings("unchecked")
        T v = i < 0 ? null : (T) vars[i + 1];
        return v;
    }

    /** Whether {@code var} has a value in this context. */
    public boolean containsKey(ContextVar<?> var) {
        return indexOf(vars, var) >= 0;
    }

    /** The number of variables with a value in this context. */
    public int size() {
        return vars.length / 2;
    }

    /**
     * Runs {@code body} with this context as the current one, then restores the previous one: Python's
     * {@code Context.run}. Values set by the body are stored in this context.
     *
     * @throws IllegalStateException if this context is already entered (on any thread)
     */
    public <T> T run(Callable<T> body) throws Exception {
        Context previous = enter();
        try {
            return body.call();
        } finally {
            exit(previous);
        }
    }

    /** {@link #run(Callable)} for a body without a result or checked exceptions. */
    public void run(Runnable body) {
        Context previous = enter();
        try {
            body.run();
        } finally {
            exit(previous);
        }
    }

    Context enter() {
        if (entered) {
            throw new IllegalStateException("cannot enter context: " + this + " is already entered");
        }
        entered = true;
        Slot slot = SLOT.get();
        Context previous = slot.current;
        slot.current = this;
        return previous;
    }

    void exit(Context previous) {
        entered = false;
        SLOT.get().current = previous;
    }

    /** The current context of this thread. */
    static Context current() {
        return SLOT.get().current;
    }

    /** Makes {@code c} current without the entered check (tasks and callbacks); returns the previous one. */
    static Context swap(Context c) {
        Slot slot = SLOT.get();
        Context previous = slot.current;
        slot.current = c;
        return previous;
    }

    static void restore(Context previous) {
        SLOT.get().current = previous;
    }

    /** This thread's slot: a loop caches it so that switching contexts per step costs no thread-local lookup. */
    static Slot slot() {
        return SLOT.get();
    }

    /** Where a thread keeps its current context. */
    static final class Slot {
        Context current = new Context();
    }

    Object[] snapshot() {
        return vars;
    }

    static int indexOf(Object[] vars, ContextVar<?> var) {
        for (int i = 0; i < vars.length; i += 2) {
            if (vars[i] == var) {
                return i;
            }
        }
        return -1;
    }

    static Object[] with(Object[] vars, ContextVar<?> var, Object value) {
        int i = indexOf(vars, var);
        Object[] copy;
        if (i >= 0) {
            copy = vars.clone();
            copy[i + 1] = value;
        } else {
            copy = Arrays.copyOf(vars, vars.length + 2);
            copy[vars.length] = var;
            copy[vars.length + 1] = value;
        }
        return copy;
    }

    static Object[] without(Object[] vars, ContextVar<?> var) {
        int i = indexOf(vars, var);
        if (i < 0) {
            return vars;
        }
        Object[] copy = new Object[vars.length - 2];
        System.arraycopy(vars, 0, copy, 0, i);
        System.arraycopy(vars, i + 2, copy, i, vars.length - i - 2);
        return copy;
    }

    @Override
    public String toString() {
        return "<Context vars=" + size() + " at 0x" + Integer.toHexString(System.identityHashCode(this)) + ">";
    }
}
