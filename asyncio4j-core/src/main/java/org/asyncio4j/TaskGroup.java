package org.asyncio4j;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.asyncio4j.internal.Throwables;

/**
 * A scope that owns the tasks started in it: it ends only when all of them have, and a failure of any
 * one cancels the others. The counterpart of {@code asyncio.TaskGroup} ({@code async with TaskGroup() as
 * tg:}), usually run through {@link Asyncio#taskGroup(TaskGroupBody)}:
 * {@snippet :
 * List<Task<String>> fetches = taskGroup(tg -> {
 *     return List.of(tg.createTask(() -> fetch("a")), tg.createTask(() -> fetch("b")));
 * });
 * String a = fetches.get(0).result();   // every task of the group is done once the scope has ended
 * }
 *
 * <h2>Structured concurrency</h2>
 * The scope waits for every task of the group, including tasks created while it is ending (by other
 * tasks of the group, for example). When a task fails with anything but {@link CancelledError}, the
 * group aborts: every task of the group that is not done is cancelled, and so is the body (the task
 * running the scope is cancelled once, at its current suspension point; the group withdraws that request
 * when it ends). An exception thrown by the body aborts the group the same way. When everything has
 * ended, the failures (of the tasks, in the order they happened, then the body's) are thrown together as
 * one {@link ExceptionGroup}, "unhandled errors in a TaskGroup"; cancelled tasks never count as
 * failures, and a failing inner group is one failure of the outer group. A fatal error (see
 * {@code org.asyncio4j.internal.Throwables.isFatal}) from the body is thrown alone, as asyncio does with
 * {@code KeyboardInterrupt}.
 *
 * <h2>Cancellation</h2>
 * If the task running the scope is cancelled from outside, every task of the group is cancelled, the
 * scope still waits for all of them, and then throws the {@link CancelledError} (unless tasks failed:
 * then the {@link ExceptionGroup} wins, and the task stays cancelled with its cancellation count
 * preserved, so an enclosing scope still sees the outer request, as in asyncio 3.13).
 *
 * <p>Not thread-safe: use it on its loop's thread, from the task that runs it or its tasks.
 */
public final class TaskGroup {
    /** The message of the {@link ExceptionGroup} a group throws. */
    static final String ERRORS_MESSAGE = "unhandled errors in a TaskGroup";

    private boolean entered;
    private boolean exiting;
    private boolean aborting;
    private BaseEventLoop loop;
    private Task<?> parentTask;
    /** Whether the group cancelled the task running it (and so must uncancel it at exit). */
    private boolean parentCancelRequested;
    /** The group's tasks that are not done, in creation order. */
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    /** The first fatal error, thrown alone at exit. */
    private Throwable fatalError;
    /** Completed when the last task is done, while the exit waits. */
    private Future<Boolean> onCompleted;
    private final Consumer<Future<?>> onTaskDone = this::taskDone;

    /** A group, not yet entered. Enter it with {@link #run(TaskGroupBody)}. */
    public TaskGroup() {}

    /**
     * Runs {@code body} as this group's scope in the current task, waits for every task of the group,
     * and returns the body's result.
     *
     * <p>Cancellation: see the class comment; the scope always waits until every task of the group has
     * ended, whatever cancelled it.
     *
     * @throws ExceptionGroup if tasks of the group, or the body, failed
     * @throws CancelledError if the task running the scope was cancelled (and nothing failed)
     * @throws IllegalStateException "TaskGroup ... has already been entered" on a second entry,
     *         "TaskGroup ... cannot determine the parent task" outside a coroutine
     */
    public <T> T run(TaskGroupBody<T> body) {
        java.util.Objects.requireNonNull(body, "body");
        enter();
        T result;
        try {
            result = body.run(this);
        } catch (Throwable e) {
            exit(e);
            throw new AssertionError("a TaskGroup absorbed the failure of its body", e);
        }
        exit(null);
        return result;
    }

    /**
     * Starts {@code coro} as a task of this group: {@link Asyncio#createTask(Coroutine)} whose task the
     * group owns.
     *
     * <p>Cancellation: the task is cancelled when the group aborts (another task or the body failed, or
     * the scope was cancelled); cancelling the task itself does not affect the group.
     *
     * @throws IllegalStateException "TaskGroup ... has not been entered" before the scope runs, "... is
     *         finished" after it ended, "... is shutting down" while it aborts after a failure
     */
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null, null);
    }

    /** {@link #createTask(Coroutine)} with a name. */
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return createTask(coro, name, null);
    }

    /** {@link #createTask(Coroutine)} for a body without a result. */
    public Task<Void> createTask(AsyncRunnable body) {
        return createTask(body.asCoroutine(), null, null);
    }

    /**
     * {@link #createTask(Coroutine)} with a name (or null) and a context the task runs in (shared, not
     * copied; null: a copy of the current one).
     */
    public <T> Task<T> createTask(Coroutine<T> coro, String name, Context context) {
        java.util.Objects.requireNonNull(coro, "coro");
        if (!entered) {
            throw new IllegalStateException("TaskGroup " + this + " has not been entered");
        }
        if (exiting && tasks.isEmpty()) {
            throw new IllegalStateException("TaskGroup " + this + " is finished");
        }
        if (aborting) {
            throw new IllegalStateException("TaskGroup " + this + " is shutting down");
        }
        Task<T> task = loop.createTask(coro, name, context);
        // Even a task that completed eagerly is processed by the callback, on the next iteration: a
        // failure then aborts the group at a suspension point of the body, not inside createTask.
        tasks.add(task);
        task.addDoneCallback(onTaskDone);
        if (aborting && !task.isDone()) {
            task.cancel(); // an eager task made the group abort before it joined the group
        }
        return task;
    }

    private void enter() {
        if (entered) {
            throw new IllegalStateException("TaskGroup " + this + " has already been entered");
        }
        BaseEventLoop running = BaseEventLoop.runningLoopOfThisThread();
        if (running == null) {
            throw new IllegalStateException("TaskGroup " + this + " cannot determine the parent task: no running event loop");
        }
        Task<?> current = running.currentTask;
        if (current == null || !current.isRunningHere()) {
            throw new IllegalStateException("TaskGroup " + this + " cannot determine the parent task: this code runs"
                    + " in a plain callback of the event loop; put it in a coroutine started with createTask(...)");
        }
        loop = running;
        parentTask = current;
        entered = true;
    }

    /**
     * The scope ends ({@code failure}: what the body threw, or null): waits for all tasks, then throws
     * what the scope ends with. Returns only if nothing failed (then {@code failure} was null).
     */
    private void exit(Throwable failure) {
        exiting = true;
        if (failure != null && Throwables.isFatal(failure) && fatalError == null) {
            fatalError = failure;
        }
        CancelledError propagateCancellation = failure instanceof CancelledError ce ? ce : null;
        if (failure != null && !aborting) {
            abort(); // the parent is being cancelled, or the body failed
        }
        // A loop, because the wait can be cancelled again and again (the parent being cancelled repeatedly).
        while (!tasks.isEmpty()) {
            if (onCompleted == null) {
                onCompleted = new Future<>(loop);
            }
            try {
                onCompleted.await();
            } catch (CancelledError e) {
                if (!aborting) {
                    propagateCancellation = e; // the parent is cancelled while the tasks still run
                    abort();
                }
            }
            onCompleted = null;
        }
        if (fatalError != null) {
            reportErrorsLostTo(fatalError);
            throw Throwables.rethrow(fatalError);
        }
        if (parentCancelRequested) {
            // Withdraw the group's own request. (The group cancels its parent only after a task failed,
            // so there are errors and no CancelledError is thrown below.)
            parentTask.uncancel();
        }
        if (propagateCancellation != null && errors.isEmpty()) {
            throw propagateCancellation;
        }
        if (failure != null && !(failure instanceof CancelledError)) {
            errors.add(failure);
        }
        if (!errors.isEmpty()) {
            if (parentTask.cancelling() > 0) {
                // Cancelled from outside too: keep that request pending, so that it is not lost.
                parentTask.uncancel();
                parentTask.cancel();
            }
            throw new ExceptionGroup(ERRORS_MESSAGE, errors);
        }
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : new ArrayList<>(tasks)) {
            if (!t.isDone()) {
                t.cancel();
            }
        }
    }

    /** The done-callback of every task of the group. */
    private void taskDone(Future<?> f) {
        tasks.remove(f);
        if (onCompleted != null && tasks.isEmpty() && !onCompleted.isDone()) {
            onCompleted.completeWithResult(true);
        }
        if (f.isCancelled()) {
            return;
        }
        Throwable e = f.exception();
        if (e == null) {
            return;
        }
        errors.add(e);
        if (Throwables.isFatal(e) && fatalError == null) {
            fatalError = e;
        }
        if (!aborting && !parentCancelRequested) {
            // Interrupt the body at its current suspension point; exit() withdraws this request.
            abort();
            parentCancelRequested = true;
            parentTask.cancel();
        }
    }

    private void reportErrorsLostTo(Throwable fatal) {
        for (Throwable e : errors) {
            if (e != fatal) {
                loop.callExceptionHandler(ExceptionContext.of("TaskGroup task exception was not propagated because"
                        + " the TaskGroup body is being closed with a fatal error", e));
            }
        }
    }

    /** asyncio's repr: {@code <TaskGroup tasks=2 errors=1 cancelling>}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<TaskGroup");
        if (!tasks.isEmpty()) {
            sb.append(" tasks=").append(tasks.size());
        }
        if (!errors.isEmpty()) {
            sb.append(" errors=").append(errors.size());
        }
        if (aborting) {
            sb.append(" cancelling");
        } else if (entered) {
            sb.append(" entered");
        }
        return sb.append('>').toString();
    }
}
