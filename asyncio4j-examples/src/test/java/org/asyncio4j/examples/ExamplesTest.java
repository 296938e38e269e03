package org.asyncio4j.examples;

import static org.asyncio4j.examples.MainRun.inThisJvm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs each example's {@code main} that ends by itself in a few seconds, and checks what it prints,
 * line by line. Not here: {@code CoffeeAndPastry} at its real speed (8 s; it runs here scaled down), and
 * the servers' serve-forever modes except the echo server's, which the echo client talks to.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExamplesTest {
    private final MainRun run = new MainRun();

    @AfterEach
    void stopStartedJvms() {
        run.close();
    }

    /**
     * Asserts that {@code output} has exactly the {@code expected} lines, in order; in an expected line
     * {@code {}} stands for one word (no white space) that may differ from run to run. Returns those
     * words, in order.
     */
    private static List<String> assertLines(String output, String... expected) {
        List<String> lines = output.lines().toList();
        assertEquals(expected.length, lines.size(), () -> "wrong number of lines in:\n" + output);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            Pattern p = Pattern.compile(Arrays.stream(expected[i].split("\\{}", -1))
                    .map(Pattern::quote)
                    .collect(Collectors.joining("(\\S+)")));
            Matcher m = p.matcher(lines.get(i));
            int line = i;
            assertTrue(m.matches(), () -> "line " + (line + 1) + " should be '" + expected[line] + "' in:\n" + output);
            for (int g = 1; g <= m.groupCount(); g++) {
                words.add(m.group(g));
            }
        }
        return words;
    }

    private static void assertAllEqual(List<String> threadNames) {
        assertEquals(1, threadNames.stream().distinct().count(), () -> "all on one thread: " + threadNames);
    }

    @Test
    void crawlerOnTheVirtualClockCountsTheSameOutcomesEveryRun() throws Exception {
        assertLines(inThisJvm(Crawler::main, "--virtual"),
                "Crawled 1000 simulated pages in {} s of real time on the virtual clock (seed 42, request timeout 1.0 s,"
                        + " global deadline 2.5 s)",
                "  finished:   726",
                "  timed out:   64  (slower than 1.0 s)",
                "  failed:      37  (the server answered 503)",
                "  cancelled:  173  (still running at the global deadline)");
    }

    @Test
    void myFunctionAwaitsAnotherCoroutineAndUsesItsResult() throws Exception {
        assertLines(inThisJvm(MyFunction::main),
                "main: awaiting my_function()",
                "my_function: starting, sleeping 1 s",
                "main: my_function returned: Hello from my_function",
                "asyncio.run returned: Hello from my_function");
    }

    @Test
    void customAwaitableSuspendsInsideItsAwait() throws Exception {
        assertLines(inThisJvm(CustomAwaitable::main),
                "DelayedValue: waiting 0.5 s on thread {}",
                "awaited: custom awaitable result");
    }

    @Test
    void futureStatesShowsPendingFinishedAndCancelled() throws Exception {
        assertLines(inThisJvm(FutureStates::main),
                "new future:       <Future pending> done=false",
                "awaiting it...",
                "after await:      <Future finished result=the result> done=true result=the result",
                "second future:    <Future pending> cancelled=false",
                "after cancel():   <Future cancelled> done=true cancelled=true",
                "result() raises CancelledError: no longer needed");
    }

    @Test
    void taskOnLoopPrintsTheTaskBeforeAndAfterItRuns() throws Exception {
        assertLines(inThisJvm(TaskOnLoop::main),
                "before: <Task pending name='answer' coro=<TaskOnLoop.lambda>>",
                "task: running on thread {}",
                "after:  <Task finished name='answer' coro=<TaskOnLoop.lambda> result=42>",
                "result: 42");
    }

    @Test
    void twoTasksSleepConcurrentlyOnOneThread() throws Exception {
        List<String> words = assertLines(inThisJvm(TwoTasks::main),
                "task A: start (sleeps 2.0 s) on thread {}",
                "task B: start (sleeps 1.0 s) on thread {}",
                "task B: done",
                "task A: done",
                "results: [task A result, task B result]",
                "Total time: {} seconds");
        assertAllEqual(words.subList(0, 2));
        assertTrue(Double.parseDouble(words.get(2)) >= 2.0, words.get(2));
    }

    @Test
    void coffeeAndPastryScaledDownMakesBothOnOneThreadAndThePastryFirst() throws Exception {
        String out;
        System.setProperty("coffee.scale", "0.01");
        try {
            out = inThisJvm(CoffeeAndPastry::main);
        } finally {
            System.clearProperty("coffee.scale");
        }
        List<String> words = assertLines(out,
                "== Synchronous: one thing after the other ==",
                "Making coffee on thread {}",
                "Coffee is ready",
                "Making pastry on thread {}",
                "Pastry is ready",
                "Total time: {} seconds",
                "",
                "== Asynchronous: two coroutines on one event loop ==",
                "Making coffee on thread {}",
                "Making pastry on thread {}",
                "Pastry is ready",
                "Coffee is ready",
                "Total time: {} seconds");
        assertAllEqual(words.subList(3, 5));
        assertTrue(Double.parseDouble(words.get(2)) >= 0.05, "3 s + 2 s, scaled: " + words.get(2));
        assertTrue(Double.parseDouble(words.get(5)) >= 0.03, "max(3 s, 2 s), scaled: " + words.get(5));
    }

    @Test
    void nestedLoopFailsWithoutNestAsyncioAndWorksWithIt() throws Exception {
        // NestAsyncio.apply() is for the whole JVM and cannot be undone: a JVM of its own.
        assertLines(run.inNewJvm(NestedLoop.class),
                "without NestAsyncio: This event loop is already running (call NestAsyncio.apply() to allow nested"
                        + " runUntilComplete/run)",
                "with NestAsyncio: nested runUntilComplete returned 'inner result'",
                "run returned: inner result");
    }

    @Test
    void echoServerDemoEchoesEachLineAndCloses() throws Exception {
        List<String> words = assertLines(inThisJvm(EchoServer::main),
                "echo server listening on 127.0.0.1:{}",
                "sent hello, got hello [{}]",
                "sent asyncio4j, got asyncio4j [{}]",
                "sent goodbye, got goodbye [{}]",
                "server closed");
        assertAllEqual(words.subList(1, 4));
    }

    @Test
    void echoClientTalksToTheProtocolEchoServer() throws Exception {
        Process server = run.start(EchoServer.class, "--serve", "0", "--api", "protocol");
        BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String listening = Objects.requireNonNull(serverOut.readLine(), "the server ended without a LISTENING line");
        String port = assertLines(listening, "LISTENING port={} impl=asyncio4j api=protocol").get(0);
        List<String> words = assertLines(inThisJvm(EchoClient::main, "127.0.0.1", port, "one", "two words"),
                "sent one, got one [{}]",
                "sent two words, got two words [{}]");
        assertAllEqual(words);
    }

    @Test
    void chatServerSelfTestPassesAndExits() throws Exception {
        // main ends with System.exit: a JVM of its own.
        List<String> words = assertLines(run.inNewJvm(ChatServer.class, "--self-test"),
                "alice and bob exchanged 2000 lines while carol did not read (carol's outbox: {} messages)",
                "carol then read all 2000 lines, in order",
                "self-test passed");
        assertTrue(Integer.parseInt(words.get(0)) >= 0, words.get(0));
    }
}
