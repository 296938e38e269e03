package org.asyncio4j.streams;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.asyncio4j.transports.BaseProtocol;
import org.asyncio4j.transports.Transport;
import org.asyncio4j.transports.WriteBufferLimits;

/** A transport without a socket: never closing, swallows writes, records pause/resume of reading. */
final class FakeTransport implements Transport {
    final List<String> calls = new ArrayList<>();
    private boolean paused;

    @Override
    public boolean isReading() {
        return !paused;
    }

    @Override
    public void pauseReading() {
        paused = true;
        calls.add("pause");
    }

    @Override
    public void resumeReading() {
        paused = false;
        calls.add("resume");
    }

    @Override
    public void write(byte[] data) {}

    @Override
    public void write(byte[] data, int offset, int length) {}

    @Override
    public void write(ByteBuffer data) {}

    @Override
    public void writelines(Iterable<byte[]> chunks) {}

    @Override
    public void writeEof() {}

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void abort() {}

    @Override
    public void setWriteBufferLimits(Integer high, Integer low) {}

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        return WriteBufferLimits.DEFAULT;
    }

    @Override
    public int getWriteBufferSize() {
        return 0;
    }

    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        return defaultValue;
    }

    @Override
    public boolean isClosing() {
        return false;
    }

    @Override
    public void close() {}

    @Override
    public void setProtocol(BaseProtocol protocol) {}

    @Override
    public BaseProtocol getProtocol() {
        return null;
    }
}
