package org.asyncio4j.examples;

import static org.asyncio4j.Asyncio.newEventLoop;
import static org.asyncio4j.Asyncio.sleep;

import org.asyncio4j.EventLoop;
import org.asyncio4j.Task;

/** The lesson's task created on an explicit loop, printed before and after it runs. */
public final class TaskOnLoop {
    private TaskOnLoop() {}

    public static void main(String[] args) {
        try (EventLoop loop = newEventLoop()) {
            Task<Integer> task = loop.createTask(() -> {
                System.out.println("task: running on thread " + Thread.currentThread().getName());
                sleep(0.5);
                return 42;
            }, "answer");
            System.out.println("before: " + task);
            int result = loop.runUntilComplete(task);
            System.out.println("after:  " + task);
            System.out.println("result: " + result);
        }
    }
}
