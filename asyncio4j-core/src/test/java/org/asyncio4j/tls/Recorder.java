package org.asyncio4j.tls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.asyncio4j.Asyncio;
import org.asyncio4j.Future;
import org.asyncio4j.transports.Protocol;
import org.asyncio4j.transports.Transport;

/** A protocol that records its callbacks in order, for asserting the call sequence a transport makes. */
class Recorder implements Protocol {
    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final Future<Transport> made = Asyncio.getRunningLoop().createFuture();
    final Future<Void> eof = Asyncio.getRunningLoop().createFuture();
    /** Completed with the connectionLost argument (null or the error). */
    final Future<Throwable> lost = Asyncio.getRunningLoop().createFuture();
    Transport transport;
    /** Echo everything back. */
    boolean echo;

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        events.add("made");
        made.setResult(t);
    }

    @Override
    public void dataReceived(byte[] data) {
        if (events.isEmpty() || !events.get(events.size() - 1).equals("data")) {
            events.add("data");
        }
        received.writeBytes(data);
        if (echo) {
            transport.write(data);
        }
    }

    @Override
    public boolean eofReceived() {
        events.add("eof");
        eof.setResult(null);
        return false;
    }

    @Override
    public void connectionLost(Throwable exc) {
        events.add(exc == null ? "lost" : "lost:" + exc.getClass().getSimpleName());
        lost.setResult(exc);
    }

    @Override
    public void pauseWriting() {
        events.add("pause");
    }

    @Override
    public void resumeWriting() {
        events.add("resume");
    }
}
