package org.asyncio4j.tls;

import java.util.ArrayList;
import java.util.List;
import org.asyncio4j.Asyncio;
import org.asyncio4j.EventLoop;
import org.asyncio4j.streams.Server;
import org.asyncio4j.transports.Connection;
import org.asyncio4j.transports.ConnectionOptions;
import org.asyncio4j.transports.ServerOptions;

/**
 * A server on 127.0.0.1 (ephemeral port) and one client connected to it, both with {@link Recorder}
 * protocols, once both ends have seen {@code connectionMade}. Must be opened in a coroutine.
 */
record ProtocolPair(Server server, Connection<Recorder> client, Recorder peer) {
    static ProtocolPair open(ServerOptions serverOptions, ConnectionOptions clientOptions, boolean peerEchoes)
            throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        List<Recorder> accepted = new ArrayList<>();
        Server server = loop.createServer(() -> {
            Recorder r = new Recorder();
            r.echo = peerEchoes;
            accepted.add(r);
            return r;
        }, "127.0.0.1", 0, serverOptions);
        Connection<Recorder> client = loop.createConnection(Recorder::new, "127.0.0.1",
                server.sockets().get(0).localPort(), clientOptions);
        while (accepted.isEmpty() || !accepted.get(0).made.isDone()) {
            Asyncio.sleep(0.001);
        }
        return new ProtocolPair(server, client, accepted.get(0));
    }

    Recorder clientProtocol() {
        return client.protocol();
    }

    /** Waits until {@code r} has received {@code n} bytes. */
    static void awaitReceived(Recorder r, int n) {
        while (r.received.size() < n) {
            Asyncio.sleep(0.001);
        }
    }

    /** Both protocols' events, the client's first, with what each received. */
    List<String> transcript() {
        List<String> all = new ArrayList<>(clientProtocol().events);
        all.add(clientProtocol().received.toString(java.nio.charset.StandardCharsets.UTF_8));
        all.add("|");
        all.addAll(peer.events);
        all.add(peer.received.toString(java.nio.charset.StandardCharsets.UTF_8));
        return all;
    }
}
