package org.asyncio4j.streams;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.sleep;
import static org.asyncio4j.transports.NetTesting.LOCALHOST;
import static org.asyncio4j.transports.NetTesting.port;
import static org.asyncio4j.transports.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.asyncio4j.Task;
import org.asyncio4j.transports.ConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random data in random chunks through a real loopback connection, read with random
 * readUntil/readLine/readExactly/read calls whose results are checked against a reference parse of the
 * whole stream. Whatever the chunking, a stream delivers every byte in order or raises.
 *
 * <p>{@code -Dasyncio4j.stress=long} runs 100,000 seeds instead of 2,000.
 */
class StreamFuzzTest {
    private static final boolean LONG = "long".equals(System.getProperty("asyncio4j.stress"));
    private static final int SEEDS = Integer.getInteger("asyncio4j.fuzz.seeds", LONG ? 100_000 : 2_000);
    private static final int PARALLEL = 32;
    private static final byte[][] SEPARATORS = {b("\n"), b("A"), b("AB"), b("BA"), b("\r\n"), b("ABA"), b("xyz")};
    private static final byte[] ALPHABET = b("abAB\n\rxyz0123");

    private static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The stream of one seed: its bytes, and the reader limit to use. */
    record Case(byte[] data, int limit, Random chunking, Random ops) {
        static Case of(long seed) {
            Random r = new Random(seed);
            byte[] data = new byte[r.nextInt(4) == 0 ? r.nextInt(20) : r.nextInt(3000)];
            for (int i = 0; i < data.length; i++) {
                if (r.nextInt(8) == 0) {
                    // whole separators, so that multi-byte ones often straddle two chunks
                    byte[] sep = SEPARATORS[r.nextInt(SEPARATORS.length)];
                    int n = Math.min(sep.length, data.length - i);
                    System.arraycopy(sep, 0, data, i, n);
                    i += n - 1;
                } else {
                    data[i] = r.nextInt(10) == 0 ? (byte) r.nextInt(256) : ALPHABET[r.nextInt(ALPHABET.length)];
                }
            }
            int limit = 1 + r.nextInt(r.nextBoolean() ? 16 : 400);
            return new Case(data, limit, new Random(r.nextLong()), new Random(r.nextLong()));
        }
    }

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void randomChunksParseLikeTheWholeStream() {
        run(() -> {
            Server server = Streams.startServer(StreamFuzzTest::sendCase, LOCALHOST, 0);
            long[] next = {0};
            List<Task<Void>> workers = new ArrayList<>();
            for (int w = 0; w < PARALLEL; w++) {
                workers.add(createTask(() -> {
                    for (long seed = next[0]++; seed < SEEDS; seed = next[0]++) {
                        checkCase(seed, port(server));
                    }
                }));
            }
            gather(workers.toArray(new Task<?>[0])).await();
            server.close();
            server.waitClosed();
            return null;
        });
    }

    /** Server side: reads the seed, then writes that seed's stream in random chunks and closes. */
    private static void sendCase(StreamReader reader, StreamWriter writer) throws Exception {
        long seed = ByteBuffer.wrap(reader.readExactly(8)).getLong();
        Case c = Case.of(seed);
        Random r = c.chunking();
        try {
            writeInChunks(c, r, writer);
        } catch (java.io.IOException clientStoppedEarly) {
            // the client stops reading after a failed readLine; nothing left to check here
        }
        writer.close();
    }

    private static void writeInChunks(Case c, Random r, StreamWriter writer) throws java.io.IOException {
        for (int off = 0; off < c.data().length && !writer.isClosing(); ) {
            int kind = r.nextInt(10);
            int n = Math.min(c.data().length - off, 1 + r.nextInt(kind < 6 ? 3 : kind < 8 ? 30 : 700));
            writer.write(c.data(), off, n);
            off += n;
            int pause = r.nextInt(10);
            if (pause < 7) {
                sleep(0); // let the reader see a partial stream
            } else if (pause == 7) {
                writer.drain();
            }
        }
        writer.writeEof();
    }

    /** Client side: reads the seed's stream with random calls, checking each against the reference. */
    private static void checkCase(long seed, int port) throws Exception {
        Case c = Case.of(seed);
        StreamConnection conn = Streams.openConnection(LOCALHOST, port, c.limit(), ConnectionOptions.DEFAULT);
        conn.writer().write(ByteBuffer.allocate(8).putLong(0, seed).array());
        Reference ref = new Reference(c.data(), c.limit());
        StreamReader reader = conn.reader();
        Random r = c.ops();
        String where = "seed " + seed;
        boolean stopped = false;
        for (int i = 0; i < 200 && !ref.done() && !stopped; i++) {
            int op = r.nextInt(10);
            if (op < 3) {
                byte[][] seps = pickSeparators(r);
                Object expected = ref.readUntil(seps);
                if (expected instanceof byte[] bytes) {
                    assertArrayEquals(bytes, reader.readUntil(seps), where);
                } else if (expected == Reference.OVERRUN) {
                    assertThrows(LimitOverrunException.class, () -> reader.readUntil(seps), where);
                } else {
                    IncompleteReadException e = assertThrows(IncompleteReadException.class, () -> reader.readUntil(seps), where);
                    assertArrayEquals((byte[]) ((Object[]) expected)[0], e.partial(), where);
                    assertEquals(null, e.expected(), where);
                }
            } else if (op < 6) {
                Object expected = ref.readUntil(new byte[][] {b("\n")});
                if (expected == Reference.OVERRUN) {
                    assertThrows(IllegalArgumentException.class, reader::readLine, where);
                    stopped = true; // how much a failed readLine discards depends on the chunking
                } else {
                    byte[] line = expected instanceof byte[] bytes ? bytes : (byte[]) ((Object[]) expected)[0];
                    assertArrayEquals(line, reader.readLine(), where);
                }
            } else if (op < 8) {
                int n = r.nextInt(3 * c.limit() + 1);
                byte[] expected = ref.take(n);
                if (expected.length == n) {
                    assertArrayEquals(expected, reader.readExactly(n), where);
                } else {
                    IncompleteReadException e = assertThrows(IncompleteReadException.class, () -> reader.readExactly(n), where);
                    assertArrayEquals(expected, e.partial(), where);
                    assertEquals(n, e.expected(), where);
                }
            } else {
                byte[] got = reader.read(1 + r.nextInt(2 * c.limit()));
                assertTrue(got.length > 0 || ref.remaining() == 0, where);
                assertArrayEquals(ref.take(got.length), got, where);
            }
        }
        if (!stopped) {
            assertArrayEquals(ref.take(ref.remaining()), reader.read(), where);
            assertTrue(reader.atEof(), where);
        }
        conn.writer().close();
        conn.writer().waitClosed();
    }

    private static byte[][] pickSeparators(Random r) {
        int n = 1 + r.nextInt(3);
        byte[][] seps = new byte[n][];
        for (int i = 0; i < n; i++) {
            seps[i] = SEPARATORS[r.nextInt(SEPARATORS.length)];
        }
        return seps;
    }

    /** asyncio's reader semantics computed on the whole stream at once (EOF at its end). */
    static final class Reference {
        static final Object OVERRUN = new Object();
        private final byte[] data;
        private final int limit;
        private int pos;

        Reference(byte[] data, int limit) {
            this.data = data;
            this.limit = limit;
        }

        boolean done() {
            return pos == data.length;
        }

        int remaining() {
            return data.length - pos;
        }

        byte[] take(int n) {
            int k = Math.min(n, remaining());
            byte[] out = Arrays.copyOfRange(data, pos, pos + k);
            pos += k;
            return out;
        }

        /** The bytes returned, {@link #OVERRUN}, or {partial} for an incomplete read. */
        Object readUntil(byte[][] separators) {
            byte[][] seps = separators.clone();
            Arrays.sort(seps, (x, y) -> Integer.compare(x.length, y.length));
            int maxLen = seps[seps.length - 1].length;
            int bestStart = -1;
            int bestEnd = -1;
            for (byte[] sep : seps) {
                int i = indexOf(sep);
                if (i >= 0 && (bestEnd < 0 || i + sep.length < bestEnd)) {
                    bestStart = i;
                    bestEnd = i + sep.length;
                }
            }
            if (bestEnd >= 0) {
                return bestStart > limit ? OVERRUN : take(bestEnd);
            }
            if (remaining() + 1 - maxLen > limit) {
                return OVERRUN;
            }
            return new Object[] {take(remaining())};
        }

        private int indexOf(byte[] sep) {
            outer:
            for (int i = pos; i + sep.length <= data.length; i++) {
                for (int j = 0; j < sep.length; j++) {
                    if (data[i + j] != sep[j]) {
                        continue outer;
                    }
                }
                return i - pos;
            }
            return -1;
        }
    }
}
