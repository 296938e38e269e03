package org.asyncio4j;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A variable whose value belongs to the current {@link Context}: per-task state, since every coroutine
 * of a loop shares the loop's thread (and so its ThreadLocals). Counterpart of
 * {@code contextvars.ContextVar}.
 *
 * {@snippet :
 * static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id");
 * var token = REQUEST_ID.set("r-42");   // visible to this task and to tasks it creates from now on
 * try { handle(); } finally { REQUEST_ID.reset(token); }
 * }
 *
 * @param <T> the type of the value
 */
public final class ContextVar<T> {
    private static final Object NO_DEFAULT = new Object();

    private final String name;
    private final Object defaultValue;

    /** A variable without a default: {@link #get()} fails until it is set. */
    public ContextVar(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = NO_DEFAULT;
    }

    /** A variable whose {@link #get()} returns {@code defaultValue} where it is not set. */
    public ContextVar(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
    }

    public String name() {
        return name;
    }

    /**
     * The value in the current context, else the variable's default.
     *
     * @throws NoSuchElementException if it has neither (Python's {@code LookupError})
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object[] vars = Context.current().vars;
        int i = Context.indexOf(vars, this);
        if (i >= 0) {
            return (T) vars[i + 1];
        }
        if (defaultValue == NO_DEFAULT) {
            throw new NoSuchElementException("ContextVar '" + name + "' has no value in the current context and no default");
        }
        return (T) defaultValue;
    }

    /** The value in the current context, else {@code fallback} (ignoring the variable's default). */
    @SuppressWarnings("unchecked")
    public T get(T fallback) {
        Object[] vars = Context.current().vars;
        int i = Context.indexOf(vars, this);
        return i >= 0 ? (T) vars[i + 1] : fallback;
    }

    /** Sets the value in the current context; the token undoes it with {@link #reset(Token)}. */
    public Token<T> set(T value) {
        Context ctx = Context.current();
        Object[] before = ctx.vars;
        int i = Context.indexOf(before, this);
        @SuppressWarnings("unchecked")
        Token<T> token = new Token<>(this, ctx, ctx.generation, i >= 0, i >= 0 ? (T) before[i + 1] : null);
        ctx.vars = Context.with(before, this, value);
        return token;
    }

    /**
     * Restores the value the variable had before the {@link #set} that returned {@code token}.
     *
     * @throws IllegalArgumentException if the token belongs to another variable or another context
     * @throws IllegalStateException if the token was already used
     */
    public void reset(Token<T> token) {
        if (token.var != this) {
            throw new IllegalArgumentException(token + " was created by a different ContextVar");
        }
        Context ctx = Context.current();
        if (token.context != ctx || token.generation != ctx.generation) {
            throw new IllegalArgumentException(token + " was created in a different Context");
        }
        if (token.used) {
            throw new IllegalStateException(token + " has already been used once");
        }
        token.used = true;
        ctx.vars = token.hadValue ? Context.with(ctx.vars, this, token.oldValue) : Context.without(ctx.vars, this);
    }

    @Override
    public String toString() {
        return "<ContextVar name='" + name + "'" + (defaultValue == NO_DEFAULT ? "" : " default=" + defaultValue) + ">";
    }

    /** Undoes one {@link #set}; usable once, in the context where it was made. */
    public static final class Token<T> {
        private final ContextVar<T> var;
        private final Context context;
        private final int generation;
        private final boolean hadValue;
        private final T oldValue;
        private boolean used;

        private Token(ContextVar<T> var, Context context, int generation, boolean hadValue, T oldValue) {
            this.var = var;
            this.context = context;
            this.generation = generation;
            this.hadValue = hadValue;
            this.oldValue = oldValue;
        }

        /** The variable this token belongs to. */
        public ContextVar<T> var() {
            return var;
        }

        /** Whether the variable had a value before the set. */
        public boolean hadValue() {
            return hadValue;
        }

        /** The value before the set, or null if it had none. */
        public T oldValue() {
            return oldValue;
        }

        @Override
        public String toString() {
            return "<Token" + (used ? " used" : "") + " var=" + var + ">";
        }
    }
}
