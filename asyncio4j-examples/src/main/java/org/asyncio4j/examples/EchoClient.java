package org.asyncio4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import org.asyncio4j.Asyncio;
import org.asyncio4j.streams.StreamConnection;
import org.asyncio4j.streams.Streams;

/**
 * An echo client: sends each argument as a line and prints what comes back.
 *
 * <pre>
 * ./asyncio4j run-example EchoClient HOST PORT [MESSAGE...]
 * </pre>
 */
public final class EchoClient {
    private EchoClient() {}

    /** Sends each message as a line to an echo server and prints the echo (with the thread it ran on). */
    static void talk(String host, int port, String... messages) throws IOException {
        StreamConnection c = Streams.openConnection(host, port);
        for (String m : messages) {
            c.writer().write((m + "\n").getBytes(UTF_8));
            c.writer().drain();
            String echo = EchoServer.readLine(c);
            System.out.println("sent " + m + ", got " + echo + " [" + Thread.currentThread().getName() + "]");
        }
        c.writer().close();
        c.writer().waitClosed();
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: EchoClient HOST PORT [MESSAGE...]");
            System.exit(2);
        }
        String[] messages = args.length > 2 ? java.util.Arrays.copyOfRange(args, 2, args.length) : new String[] {"hello"};
        Asyncio.run(() -> {
            talk(args[0], Integer.parseInt(args[1]), messages);
            return null;
        });
    }
}
