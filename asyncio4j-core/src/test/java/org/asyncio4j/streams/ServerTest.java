package org.asyncio4j.streams;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.Asyncio.sleep;
import static org.asyncio4j.transports.NetTesting.LOCALHOST;
import static org.asyncio4j.transports.NetTesting.port;
import static org.asyncio4j.transports.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.asyncio4j.Asyncio;
import org.asyncio4j.CancelledError;
import org.asyncio4j.EventLoop;
import org.asyncio4j.ExceptionContext;
import org.asyncio4j.Future;
import org.asyncio4j.Task;
import org.asyncio4j.internal.net.SocketServer;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.asyncio4j.transports.NetTesting;
import org.asyncio4j.transports.NetTesting.Echo;
import org.asyncio4j.transports.NetTesting.Recorder;
import org.asyncio4j.transports.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Conformance section M (servers) and server robustness, after CPython's test_server and test_events. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ServerTest {

    /** A client callback that reads to EOF, then closes (CPython's test_server "serve"). */
    private static void readToEofThenClose(StreamReader reader, StreamWriter writer) throws IOException {
        try {
            reader.read();
        } finally {
            writer.close();
            writer.waitClosed();
        }
    }

    @Test
    void m4_serverLifecycle() {
        run(() -> {
            Task<?>[] main = new Task<?>[1];
            Server srv = Streams.startServer((reader, writer) -> {
                reader.readLine();
                main[0].cancel();
                writer.write("1".getBytes());
                writer.close();
                writer.waitClosed();
            }, LOCALHOST, 0, ServerOptions.DEFAULT.withStartServing(false));
            assertFalse(srv.isServing());
            int port = port(srv);
            main[0] = createTask(() -> {
                try (srv) {
                    srv.serveForever();
                }
            });
            Task<byte[]> client = createTask(() -> {
                StreamConnection c = Streams.openConnection(LOCALHOST, port);
                c.writer().write(("1".repeat(5 * 1024) + "\n").getBytes());
                byte[] reply = c.reader().read();
                c.writer().close();
                return reply;
            });
            sleep(0);
            assertTrue(srv.isServing());
            assertThrows(CancelledError.class, main[0]::await);
            assertEquals("1", new String(client.await()));
            assertEquals(List.of(), srv.sockets());
            assertFalse(srv.isServing());
            IllegalStateException e = assertThrows(IllegalStateException.class, srv::serveForever);
            assertTrue(e.getMessage().contains("is closed"), e.getMessage());
            return null;
        });
    }

    @Test
    void m4_closedServerRefusesConnections() {
        run(() -> {
            Server server = getRunningLoop().createServer(Recorder::new, "0.0.0.0", 0);
            int port = port(server);
            try (Socket s = new Socket(LOCALHOST, port)) {
                s.getOutputStream().write("xxx".getBytes());
            }
            server.close();
            server.close(); // idempotent
            assertThrows(ConnectException.class, () -> new Socket(LOCALHOST, port).close());
            assertThrows(ConnectException.class, () -> Streams.openConnection(LOCALHOST, port));
            return null;
        });
    }

    @Test
    void serveForeverTwiceAtOnceIsAnError() {
        run(() -> {
            Server srv = getRunningLoop().createServer(Echo::new, LOCALHOST, 0);
            Task<Void> first = createTask(srv::serveForever);
            sleep(0);
            IllegalStateException e = assertThrows(IllegalStateException.class, srv::serveForever);
            assertTrue(e.getMessage().contains("is already being awaited on serve_forever()"), e.getMessage());
            first.cancel();
            assertThrows(CancelledError.class, first::await);
            return null;
        });
    }

    @Test
    void m5_waitClosedWaitsForClients() {
        run(() -> {
            Server srv = Streams.startServer(ServerTest::readToEofThenClose, LOCALHOST, 0);
            Task<Void> task1 = createTask(srv::waitClosed);
            sleep(0);
            assertFalse(task1.isDone(), "open, no clients: blocks");

            StreamConnection c = Streams.openConnection(LOCALHOST, port(srv));
            Task<Void> task2 = createTask(srv::waitClosed);
            sleep(0);
            assertFalse(task1.isDone());
            assertFalse(task2.isDone(), "open, with a client: blocks");

            srv.close();
            sleep(0);
            Task<Void> task3 = createTask(srv::waitClosed);
            sleep(0);
            assertFalse(task1.isDone());
            assertFalse(task2.isDone());
            assertFalse(task3.isDone(), "closed, with a client: blocks");

            c.writer().close();
            c.writer().waitClosed();
            task1.await();
            task2.await();
            task3.await();
            Task<Void> later = createTask(srv::waitClosed);
            sleep(0);
            assertTrue(later.isDone(), "returns at once");
            return null;
        });
    }

    @Test
    void m5_waitClosedRace() {
        run(() -> {
            Server srv = Streams.startServer(ServerTest::readToEofThenClose, LOCALHOST, 0);
            StreamConnection c = Streams.openConnection(LOCALHOST, port(srv));
            getRunningLoop().callSoon(srv::close);
            getRunningLoop().callSoon(c.writer()::close);
            srv.waitClosed();
            return null;
        });
    }

    @Test
    void m6_closeClients() {
        run(() -> {
            Future<Void> serving = getRunningLoop().createFuture();
            Server srv = Streams.startServer((reader, writer) -> {
                serving.setResult(null);
                readToEofThenClose(reader, writer);
            }, LOCALHOST, 0);
            StreamConnection c = Streams.openConnection(LOCALHOST, port(srv));
            serving.await();
            Task<Void> task = createTask(srv::waitClosed);
            sleep(0);
            assertFalse(task.isDone());
            srv.close();
            srv.closeClients();
            sleep(0);
            sleep(0);
            assertTrue(task.isDone(), "wait_closed completes within two ticks");
            assertEquals(0, c.reader().read().length, "the client sees the server close");
            c.writer().close();
            return null;
        });
    }

    @Test
    void m6_abortClientsWithAFullWriteBuffer() {
        run(() -> {
            Future<StreamWriter> serverWriter = getRunningLoop().createFuture();
            Server srv = Streams.startServer((reader, writer) -> {
                serverWriter.setResult(writer);
                writer.waitClosed();
            }, LOCALHOST, 0);
            StreamConnection c = Streams.openConnection(LOCALHOST, port(srv), 4096, org.asyncio4j.transports.ConnectionOptions.DEFAULT);
            StreamWriter sw = serverWriter.await();
            byte[] chunk = new byte[4096];
            sw.write(chunk);
            sw.write(chunk);
            sw.write(chunk);
            for (int i = 0; i < 10_000 && c.writer().transport().isReading(); i++) {
                sleep(0);
            }
            assertFalse(c.writer().transport().isReading(), "the client reader paused its transport");
            for (int i = 0; i < 100_000 && sw.transport().getWriteBufferSize() == 0; i++) {
                sw.write(chunk);
            }
            assertNotEquals(0, sw.transport().getWriteBufferSize());
            Task<Void> task = createTask(srv::waitClosed);
            sleep(0);
            assertFalse(task.isDone());
            srv.close();
            srv.abortClients();
            sleep(0);
            sleep(0);
            assertTrue(task.isDone());
            c.writer().close();
            return null;
        });
    }

    @Test
    void failingClientCallbackIsReportedAndClosesTheConnection() {
        run(() -> {
            List<ExceptionContext> errors = NetTesting.captureErrors();
            IllegalStateException boom = new IllegalStateException("boom");
            Server srv = Streams.startServer((reader, writer) -> {
                reader.readLine();
                throw boom;
            }, LOCALHOST, 0);
            StreamConnection c = Streams.openConnection(LOCALHOST, port(srv));
            c.writer().write("hi\n".getBytes());
            assertEquals(0, c.reader().read().length, "the server closed the connection");
            assertEquals(1, errors.size());
            assertEquals("Unhandled exception in client_connected_cb", errors.get(0).message());
            assertEquals(boom, errors.get(0).exception());
            c.writer().close();
            srv.close();
            srv.waitClosed();
            return null;
        });
    }

    @Test
    void failingProtocolFactoryIsReported() {
        run(() -> {
            List<ExceptionContext> errors = NetTesting.captureErrors();
            Server srv = getRunningLoop().createServer(() -> {
                throw new IllegalStateException("no protocol for you");
            }, LOCALHOST, 0);
            StreamConnection c = Streams.openConnection(LOCALHOST, port(srv));
            assertEquals(0, c.reader().read().length);
            assertEquals(1, errors.size());
            assertEquals("Error on transport creation for incoming connection", errors.get(0).message());
            c.writer().close();
            srv.close();
            return null;
        });
    }

    @Test
    void bindingATakenPortFailsWithTheAddress() {
        run(() -> {
            Server srv = getRunningLoop().createServer(Echo::new, LOCALHOST, 0);
            BindException e = assertThrows(BindException.class,
                    () -> getRunningLoop().createServer(Echo::new, LOCALHOST, port(srv)));
            assertTrue(e.getMessage().startsWith("error while attempting to bind on address"), e.getMessage());
            assertTrue(e.getMessage().contains("address already in use"), e.getMessage());
            srv.close();
            return null;
        });
    }

    @Test
    void allInterfacesServeIpv4AndIpv6() {
        run(() -> {
            Server srv = Streams.startServer((r, w) -> {
                w.write(r.readLine());
                w.close();
            }, null, 0);
            assertEquals(1, srv.sockets().size(), "one dual-stack socket");
            StreamConnection v4 = Streams.openConnection(LOCALHOST, port(srv));
            v4.writer().write("four\n".getBytes());
            assertEquals("four\n", new String(v4.reader().read()));
            boolean ipv6;
            try (java.nio.channels.SocketChannel probe = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.INET6)) {
                ipv6 = true;
            } catch (UnsupportedOperationException | IOException e) {
                ipv6 = false;
            }
            if (ipv6) {
                StreamConnection v6 = Streams.openConnection("::1", port(srv));
                v6.writer().write("six\n".getBytes());
                assertEquals("six\n", new String(v6.reader().read()));
            }
            srv.close();
            srv.waitClosed();
            return null;
        });
    }

    @Test
    void reusePortLetsLoopsOnSeveralThreadsServeOnePort() throws Exception {
        int loops = 2;
        List<CompletableFuture<EventLoop>> running = new ArrayList<>();
        List<Future<Void>> stops = new ArrayList<>(java.util.Collections.nCopies(loops, null));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        AtomicInteger[] served = {new AtomicInteger(), new AtomicInteger()};
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            int id = i;
            CompletableFuture<EventLoop> started = new CompletableFuture<>();
            running.add(started);
            Thread t = new Thread(() -> Asyncio.run(() -> {
                int p = id == 0 ? 0 : port.get(10, TimeUnit.SECONDS);
                Server srv = Streams.startServer((r, w) -> {
                    served[id].incrementAndGet();
                    r.readLine();
                    w.write(("" + id + "\n").getBytes());
                    w.close();
                }, LOCALHOST, p, ServerOptions.DEFAULT.withReusePort(true));
                if (id == 0) {
                    port.complete(port(srv));
                }
                Future<Void> stop = getRunningLoop().createFuture();
                synchronized (stops) {
                    stops.set(id, stop);
                }
                started.complete(getRunningLoop());
                stop.await();
                srv.close();
                srv.waitClosed();
                return null;
            }), "reuseport-loop-" + i);
            t.start();
            threads.add(t);
        }
        List<EventLoop> loopList = new ArrayList<>();
        for (CompletableFuture<EventLoop> f : running) {
            loopList.add(f.get(10, TimeUnit.SECONDS));
        }
        int p = port.get();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            try (Socket s = new Socket(LOCALHOST, p)) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write("hi\n".getBytes());
                InputStream in = s.getInputStream();
                answers.add(new String(in.readAllBytes()).trim());
            }
        }
        for (int i = 0; i < loops; i++) {
            Future<Void> stop;
            synchronized (stops) {
                stop = stops.get(i);
            }
            loopList.get(i).callSoonThreadsafe(() -> stop.setResult(null));
        }
        for (Thread t : threads) {
            t.join(10_000);
            assertFalse(t.isAlive());
        }
        assertEquals(40, answers.size());
        assertEquals(40, served[0].get() + served[1].get());
        assertTrue(served[0].get() > 0 && served[1].get() > 0,
                "the kernel spread the connections over both loops: " + served[0] + " / " + served[1]);
        assertTrue(answers.contains("0") && answers.contains("1"));
    }

    @Test
    void runningOutOfFileDescriptorsPausesAcceptingInsteadOfSpinning() {
        VirtualTimeLoop loop = VirtualTimeLoop.create();
        List<Double> acceptCalls = new ArrayList<>();
        SocketServer.Acceptor real = SocketServer.acceptor;
        SocketServer.acceptor = listener -> {
            acceptCalls.add(loop.time());
            if (acceptCalls.size() == 1) {
                throw new IOException("Too many open files");
            }
            return real.accept(listener);
        };
        try {
            Asyncio.run(() -> {
                List<ExceptionContext> errors = NetTesting.captureErrors();
                NetTesting.Recorders accepted = new NetTesting.Recorders();
                Server srv = getRunningLoop().createServer(accepted, LOCALHOST, 0);
                try (Socket client = new Socket()) {
                    client.connect(new InetSocketAddress(LOCALHOST, port(srv))); // the kernel completes it
                    accepted.first();
                    assertEquals(1, errors.size());
                    assertEquals("socket.accept() out of system resource", errors.get(0).message());
                    assertEquals(0.0, acceptCalls.get(0));
                    assertTrue(acceptCalls.get(1) >= 1.0, "the next accept waits for the retry delay: " + acceptCalls);
                    assertTrue(acceptCalls.size() <= 3, "no spinning: " + acceptCalls);
                }
                srv.close();
                return null;
            }, () -> loop);
        } finally {
            SocketServer.acceptor = real;
        }
    }

    @Test
    void serverSocketCanBePassedIn() {
        run(() -> {
            ServerSocketChannel ss = ServerSocketChannel.open();
            ss.bind(new InetSocketAddress(LOCALHOST, 0));
            Server srv = getRunningLoop().createServer(Echo::new, ss, ServerOptions.DEFAULT);
            assertEquals(ss.socket().getLocalPort(), port(srv));
            StreamConnection c = Streams.openConnection(LOCALHOST, port(srv));
            c.writer().write("echo\n".getBytes());
            assertEquals("echo\n", new String(c.reader().readLine()));
            c.writer().close();
            srv.close();
            srv.waitClosed();
            assertFalse(ss.isOpen());
            return null;
        });
    }
}
