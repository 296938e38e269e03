package org.asyncio4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an example's {@code main} and returns what it printed on {@code System.out}: in this JVM, or in
 * a JVM of its own for an example that exits the JVM or changes JVM-wide state ({@code NestAsyncio}).
 * The JVMs it starts get this JVM's engine choice and {@code --add-exports} flags; {@link #close()}
 * destroys those still running (a test that timed out).
 */
final class MainRun implements AutoCloseable {
    /** An example's {@code main}. */
    @FunctionalInterface
    interface Main {
        void main(String[] args) throws Exception;
    }

    private final List<Process> started = new ArrayList<>();

    /** Runs {@code main(args)} here, with {@code System.out} captured; returns the captured text. */
    static String inThisJvm(Main main, String... args) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, UTF_8));
        try {
            main.main(args);
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        return captured.toString(UTF_8);
    }

    /** Runs {@code main} in a new JVM to its end; asserts that it exits with 0 and returns its output. */
    String inNewJvm(Class<?> main, String... args) throws IOException, InterruptedException {
        Process p = start(main, args);
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertEquals(0, p.waitFor(), () -> main.getSimpleName() + " exited with " + p.exitValue() + " after printing:\n" + out);
        return out;
    }

    /** Starts {@code main} in a new JVM; its standard error goes to this JVM's. */
    Process start(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-exports"))
                .forEach(command::add);
        String engine = System.getProperty("asyncio4j.engine");
        if (engine != null) {
            command.add("-Dasyncio4j.engine=" + engine);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        started.add(p);
        return p;
    }

    @Override
    public void close() {
        started.forEach(Process::destroyForcibly);
    }
}
