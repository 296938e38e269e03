package org.asyncio4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.Asyncio.sleep;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.asyncio4j.Asyncio;
import org.asyncio4j.Future;
import org.asyncio4j.Task;
import org.asyncio4j.streams.Server;
import org.asyncio4j.streams.StreamConnection;
import org.asyncio4j.streams.StreamReader;
import org.asyncio4j.streams.StreamWriter;
import org.asyncio4j.streams.Streams;

/**
 * A line-based chat: the first line a client sends is its name, every later line goes to everybody
 * else as "name: line". Each client has its own outbox and writer task, so a client that reads slowly
 * only fills its own outbox and never stalls the others; a client more than {@link #MAX_BACKLOG}
 * messages behind is disconnected.
 *
 * <pre>
 * ./asyncio4j run-example ChatServer [PORT]      serves on 127.0.0.1 (default port 8888); try: nc 127.0.0.1 8888
 * ./asyncio4j run-example ChatServer --self-test starts the server and three clients, one of them slow, and exits
 * </pre>
 */
public final class ChatServer {
    /** Messages a client may fall behind before it is dropped. */
    static final int MAX_BACKLOG = 10_000;

    /** One connected client: its outbox and the task that writes the outbox out. */
    private static final class Client {
        final String name;
        final StreamWriter writer;
        final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
        Future<Void> wakeUp;
        boolean gone;

        Client(String name, StreamWriter writer) {
            this.name = name;
            this.writer = writer;
        }

        /** Queues a message without waiting; a hopelessly slow client is closed instead. */
        void offer(byte[] message) {
            if (gone) {
                return;
            }
            if (outbox.size() >= MAX_BACKLOG) {
                gone = true;
                writer.transport().abort();
                return;
            }
            outbox.addLast(message);
            if (wakeUp != null && !wakeUp.isDone()) {
                wakeUp.setResult(null);
            }
        }

        /** The writer task: sends the outbox, waiting for the peer (drain) only for this client. */
        void pump() throws IOException {
            while (!gone) {
                if (outbox.isEmpty()) {
                    wakeUp = getRunningLoop().createFuture();
                    wakeUp.await();
                    continue;
                }
                writer.write(outbox.pollFirst());
                writer.drain();
            }
        }
    }

    private final Map<String, Client> clients = new LinkedHashMap<>();

    private void broadcast(Client from, String text) {
        byte[] message = (text + "\n").getBytes(UTF_8);
        for (Client c : clients.values()) {
            if (c != from) {
                c.offer(message);
            }
        }
    }

    /** The per-connection coroutine. */
    void handle(StreamReader reader, StreamWriter writer) throws IOException {
        String name = new String(reader.readLine(), UTF_8).strip();
        if (name.isEmpty() || clients.containsKey(name)) {
            writer.write("name taken or empty\n".getBytes(UTF_8));
            writer.close();
            return;
        }
        Client me = new Client(name, writer);
        clients.put(name, me);
        Task<Void> pump = createTask(me::pump);
        me.offer(("welcome " + name + ", " + clients.size() + " here\n").getBytes(UTF_8));
        broadcast(me, "* " + name + " joined");
        try {
            for (byte[] line : reader.lines()) {
                String text = new String(line, UTF_8).strip();
                if (text.equals("/quit")) {
                    break;
                }
                broadcast(me, name + ": " + text);
            }
        } finally {
            clients.remove(name);
            me.gone = true;
            pump.cancel();
            broadcast(me, "* " + name + " left");
            writer.close();
        }
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--self-test")) {
            boolean ok = Asyncio.run(ChatServer::selfTest);
            System.out.println(ok ? "self-test passed" : "self-test FAILED");
            System.exit(ok ? 0 : 1);
        }
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8888;
        Asyncio.run(() -> {
            ChatServer chat = new ChatServer();
            Server server = Streams.startServer(chat::handle, "127.0.0.1", port);
            System.out.println("chat server on 127.0.0.1:" + port + " (first line: your name; /quit to leave)");
            server.serveForever();
            return null;
        });
    }

    // ------------------------------------------------------------------ self-test

    private static StreamConnection join(int port, String name) throws IOException {
        StreamConnection c = Streams.openConnection("127.0.0.1", port);
        say(c, name);
        expect(c, "welcome " + name);
        return c;
    }

    private static void say(StreamConnection c, String line) throws IOException {
        c.writer().write((line + "\n").getBytes(UTF_8));
        c.writer().drain();
    }

    private static String expect(StreamConnection c, String prefix) throws IOException {
        String line = new String(c.reader().readLine(), UTF_8).strip();
        if (!line.startsWith(prefix)) {
            throw new IllegalStateException("expected '" + prefix + "...', got '" + line + "'");
        }
        return line;
    }

    /**
     * alice and bob chat 2,000 lines while carol does not read at all; they must not be slowed down by
     * her. Then carol reads and must find every message, in order.
     */
    private static boolean selfTest() throws IOException {
        ChatServer chat = new ChatServer();
        Server server = Streams.startServer(chat::handle, "127.0.0.1", 0);
        int port = server.sockets().get(0).localPort();
        StreamConnection carol = join(port, "carol");
        StreamConnection alice = join(port, "alice");
        expect(carol, "* alice joined");
        StreamConnection bob = join(port, "bob");
        expect(alice, "* bob joined");
        int rounds = 1000;
        String padding = "x".repeat(8000); // about 8 MB for carol, more than the socket buffers hold
        for (int i = 0; i < rounds; i++) {
            say(alice, "ping " + i + " " + padding);
            expect(bob, "alice: ping " + i);
            say(bob, "pong " + i);
            expect(alice, "bob: pong " + i);
        }
        System.out.println("alice and bob exchanged " + 2 * rounds + " lines while carol did not read"
                + " (carol's outbox: " + chat.clients.get("carol").outbox.size() + " messages)");
        List<String> carolSaw = new ArrayList<>();
        expect(carol, "* bob joined");
        for (int i = 0; i < rounds; i++) {
            carolSaw.add(expect(carol, "alice: ping " + i));
            carolSaw.add(expect(carol, "bob: pong " + i));
        }
        System.out.println("carol then read all " + carolSaw.size() + " lines, in order");
        for (StreamConnection c : List.of(alice, bob, carol)) {
            say(c, "/quit");
            c.writer().close();
        }
        while (!chat.clients.isEmpty()) {
            sleep(0.01);
        }
        server.close();
        server.waitClosed();
        return carolSaw.size() == 2 * rounds;
    }
}
