package org.asyncio4j.transports;

import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.Asyncio.sleep;
import static org.asyncio4j.transports.NetTesting.LOCALHOST;
import static org.asyncio4j.transports.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import org.asyncio4j.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UDP endpoints (conformance M3). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DatagramTest {

    /** Answers every datagram with "resp:" + the datagram. */
    static final class RespServer implements DatagramProtocol {
        DatagramTransport transport;

        @Override
        public void connectionMade(DatagramTransport t) {
            transport = t;
        }

        @Override
        public void datagramReceived(byte[] data, SocketAddress address) {
            transport.sendto(("resp:" + new String(data)).getBytes(), address);
        }
    }

    /** Records what it receives. */
    static final class Client implements DatagramProtocol {
        final Future<byte[]> received = getRunningLoop().createFuture();
        final Future<Exception> error = getRunningLoop().createFuture();
        final Future<Throwable> lost = getRunningLoop().createFuture();

        @Override
        public void datagramReceived(byte[] data, SocketAddress address) {
            if (!received.isDone()) {
                received.setResult(data);
            }
        }

        @Override
        public void errorReceived(Exception exc) {
            if (!error.isDone()) {
                error.setResult(exc);
            }
        }

        @Override
        public void connectionLost(Throwable exc) {
            lost.setResult(exc);
        }
    }

    @Test
    void m3_datagramEcho() {
        run(() -> {
            DatagramEndpoint<RespServer> server = getRunningLoop().createDatagramEndpoint(RespServer::new,
                    new InetSocketAddress(LOCALHOST, 0), null);
            SocketAddress serverAddress = (SocketAddress) server.transport().getExtraInfo("sockname");
            assertNotNull(serverAddress);
            DatagramEndpoint<Client> client = getRunningLoop().createDatagramEndpoint(Client::new, null, serverAddress);
            assertNotNull(client.transport().getExtraInfo("sockname"));
            assertEquals(serverAddress, client.transport().getExtraInfo("peername"));
            client.transport().sendto("xxx".getBytes());
            byte[] reply = client.protocol().received.await();
            assertEquals(8, reply.length);
            assertEquals("resp:xxx", new String(reply));

            assertThrows(IllegalArgumentException.class,
                    () -> client.transport().sendto("x".getBytes(), new InetSocketAddress(LOCALHOST, 1)));
            client.transport().close();
            assertNull(client.protocol().lost.await());
            server.transport().close();
            return null;
        });
    }

    @Test
    void m3_sendingToAPortNobodyListensOnReportsAnError() {
        run(() -> {
            DatagramChannel probe = DatagramChannel.open().bind(new InetSocketAddress(LOCALHOST, 0));
            SocketAddress nobody = probe.getLocalAddress();
            probe.close();
            DatagramEndpoint<Client> client = getRunningLoop().createDatagramEndpoint(Client::new, null, nobody);
            for (int i = 0; i < 200 && !client.protocol().error.isDone(); i++) {
                client.transport().sendto("ping".getBytes());
                sleep(0.01);
            }
            assertInstanceOf(PortUnreachableException.class, client.protocol().error.await());
            client.transport().close();
            return null;
        });
    }

    @Test
    void unconnectedEndpointNeedsAnAddress() {
        run(() -> {
            DatagramEndpoint<Client> a = getRunningLoop().createDatagramEndpoint(Client::new,
                    new InetSocketAddress(LOCALHOST, 0), null);
            DatagramEndpoint<Client> b = getRunningLoop().createDatagramEndpoint(Client::new,
                    new InetSocketAddress(LOCALHOST, 0), null);
            assertThrows(IllegalArgumentException.class, () -> a.transport().sendto("x".getBytes()));
            a.transport().sendto(new byte[0], (SocketAddress) b.transport().getExtraInfo("sockname"));
            a.transport().sendto("hi".getBytes(), (SocketAddress) b.transport().getExtraInfo("sockname"));
            byte[] first = b.protocol().received.await();
            assertEquals(0, first.length, "an empty datagram is a datagram");
            a.transport().abort();
            b.transport().close();
            assertNull(a.protocol().lost.await());
            return null;
        });
    }
}
