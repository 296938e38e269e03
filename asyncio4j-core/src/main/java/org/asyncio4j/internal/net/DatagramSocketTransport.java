package org.asyncio4j.internal.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import org.asyncio4j.BaseEventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.transports.BaseProtocol;
import org.asyncio4j.transports.DatagramProtocol;
import org.asyncio4j.transports.DatagramTransport;

/** The transport of a UDP endpoint: counterpart of asyncio's {@code _SelectorDatagramTransport}. */
final class DatagramSocketTransport extends SelectorTransport implements DatagramTransport {
    /** A queued datagram. */
    private record Pending(ByteBuffer data, SocketAddress address) {}

    private final DatagramChannel socket;
    private final ByteBuffer readBuffer;
    private DatagramProtocol datagrams;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();

    /** {@code remote}: the address the endpoint is connected to, or null. */
    DatagramSocketTransport(BaseEventLoop loop, DatagramChannel channel, DatagramProtocol protocol, SocketAddress remote,
                            Future<Void> waiter) {
        super(loop, channel, remote);
        this.socket = channel;
        this.readBuffer = NetContext.of(loop).readBuffer;
        setProtocol(protocol);
        loop.callSoon(() -> {
            started = true;
            try {
                datagrams.connectionMade(this);
            } catch (Throwable t) {
                fatalError(t, "Fatal error: protocol.connection_made() call failed.");
            }
            updateInterest();
            if (!waiter.isDone()) {
                waiter.setResult(null);
            }
        });
    }

    @Override
    boolean wantsToRead() {
        return started && !closing;
    }

    @Override
    void discardBuffer() {
        queue.clear();
    }

    @Override
    public void ready(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            sendReady();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && readingRegistered()) {
            readReady();
        }
    }

    private void readReady() {
        ByteBuffer rb = readBuffer;
        rb.clear();
        SocketAddress from;
        try {
            from = socket.receive(rb);
        } catch (IOException e) {
            errorReceived(e);
            return;
        }
        if (from == null) {
            return;
        }
        byte[] data = new byte[rb.position()];
        rb.flip();
        rb.get(data);
        try {
            datagrams.datagramReceived(data, from);
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.datagram_received() call failed.");
        }
    }

    private void errorReceived(IOException e) {
        try {
            datagrams.errorReceived(e);
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.error_received() call failed.");
        }
    }

    @Override
    public void sendto(byte[] data, SocketAddress address) {
        if (peername != null && address != null && !address.equals(peername)) {
            throw new IllegalArgumentException("Invalid address: must be null or " + peername + ", got " + address);
        }
        SocketAddress to = address != null ? address : peername;
        if (to == null) {
            throw new IllegalArgumentException("no address given and the endpoint is not connected");
        }
        if (!acceptsWrite(data.length) && connLost > 0) {
            return;
        }
        if (queue.isEmpty()) {
            try {
                if (send(ByteBuffer.wrap(data), to)) {
                    return;
                }
            } catch (IOException e) {
                errorReceived(e);
                return;
            }
        }
        queue.addLast(new Pending(ByteBuffer.wrap(data.clone()), to));
        boolean wasEmpty = bufferSize == 0;
        bufferSize += data.length;
        if (wasEmpty) {
            updateInterest();
        }
        maybePauseProtocol();
    }

    /** Sends one datagram; false if the socket had no room for it. */
    private boolean send(ByteBuffer data, SocketAddress to) throws IOException {
        int before = data.remaining();
        int n = peername != null ? socket.write(data) : socket.send(data, to);
        return n > 0 || before == 0; // an empty datagram reports 0 bytes sent
    }

    private void sendReady() {
        while (!queue.isEmpty()) {
            Pending p = queue.peekFirst();
            int size = p.data().remaining();
            try {
                if (!send(p.data(), p.address())) {
                    break;
                }
            } catch (IOException e) {
                queue.pollFirst();
                bufferSize -= size;
                errorReceived(e);
                return;
            }
            queue.pollFirst();
            bufferSize -= size;
        }
        maybeResumeProtocol();
        if (queue.isEmpty()) {
            updateInterest();
            if (closing) {
                callConnectionLost(null);
            }
        }
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        if (!(protocol instanceof DatagramProtocol d)) {
            throw new IllegalArgumentException("a datagram transport needs a DatagramProtocol, got " + protocol);
        }
        this.protocol = d;
        this.datagrams = d;
    }

    @Override
    public String toString() {
        return "<DatagramTransport" + stateWord() + " local=" + sockname + (peername != null ? " remote=" + peername : "") + ">";
    }
}
