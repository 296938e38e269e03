package org.asyncio4j.streams;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.asyncio4j.Asyncio;
import org.asyncio4j.CancelledError;
import org.asyncio4j.Coroutine;
import org.asyncio4j.Task;
import org.asyncio4j.testing.VirtualTimeLoop;
import org.junit.jupiter.api.Test;

/** Conformance section L (StreamReader), after CPython's test_streams. */
class StreamReaderTest {
    private static final byte[] DATA = b("line1\nline2\nline3\n");

    static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    static String s(byte[] bytes) {
        return new String(bytes, US_ASCII);
    }

    private static <T> T run(Coroutine<T> body) {
        return Asyncio.run(body, VirtualTimeLoop::create);
    }

    /** Feeds EOF and returns everything left in the buffer. */
    private static String rest(StreamReader r) throws IOException {
        r.feedEof();
        return s(r.read(-1));
    }

    @Test
    void l1_feedAndReadBasics() {
        run(() -> {
            StreamReader r = new StreamReader();
            r.feedData(new byte[0]);
            assertEquals(0, r.buffered());

            r.feedData(DATA);
            assertArrayEquals(new byte[0], r.read(0));
            assertEquals(DATA.length, r.buffered());

            StreamReader later = new StreamReader();
            getRunningLoop().callSoon(() -> later.feedData(DATA));
            assertEquals(s(DATA), s(later.read(30)));

            StreamReader two = new StreamReader();
            two.feedData(b("line1"));
            two.feedData(b("line2"));
            assertEquals("line1", s(two.read(5)));
            assertEquals("line2", rest(two));
            return null;
        });
    }

    @Test
    void l1_readLineBreaksAndEofRead() {
        run(() -> {
            StreamReader r = new StreamReader();
            r.feedData(b("line1"));
            r.feedData(b("line2"));
            assertEquals("line1", s(r.read(5)));
            assertEquals("line2", s(r.read(5)));
            r.feedEof();
            assertEquals(0, r.read(5).length);
            return null;
        });
    }

    @Test
    void l4_limitValidationAndReadsThatIgnoreIt() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new StreamReader(0));
        assertTrue(zero.getMessage().contains("imit"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StreamReader(-1));
        run(() -> {
            StreamReader r = new StreamReader(3);
            r.feedData(b("chunk"));
            assertEquals("chunk", s(r.read(5)));
            StreamReader e = new StreamReader(3);
            e.feedData(b("chunk"));
            assertEquals("chunk", s(e.readExactly(5)));
            return null;
        });
    }

    @Test
    void l5_readLineAcrossChunks() {
        run(() -> {
            StreamReader r = new StreamReader();
            r.feedData(b("chunk1 "));
            getRunningLoop().callSoon(() -> {
                r.feedData(b("chunk2 "));
                r.feedData(b("chunk3 "));
                r.feedData(b("\n chunk4"));
            });
            assertEquals("chunk1 chunk2 chunk3 \n", s(r.readLine()));
            assertEquals(" chunk4", rest(r));
            return null;
        });
    }

    @Test
    void l5_readLineWithBufferedDataAndByteCount() {
        run(() -> {
            StreamReader r = new StreamReader();
            r.feedData(DATA);
            assertEquals("line1\n", s(r.readLine()));
            assertEquals("line2\nline3\n", rest(r));

            StreamReader c = new StreamReader();
            c.feedData(DATA);
            c.readLine();
            assertEquals("line2\nl", s(c.read(7)));
            assertEquals("ine3\n", rest(c));
            return null;
        });
    }

    @Test
    void l5_readLineLimitCountsTheLineWithoutItsNewline() {
        run(() -> {
            StreamReader ok = new StreamReader(7);
            ok.feedData(b("1234567\n"));
            assertEquals("1234567\n", s(ok.readLine()));

            StreamReader over = new StreamReader(7);
            over.feedData(b("12345678\nrest\n"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, over::readLine);
            assertTrue(e.getCause() instanceof LimitOverrunException);
            assertEquals("rest\n", s(over.readLine()), "the long line, newline included, is discarded");

            StreamReader noNewline = new StreamReader(3);
            noNewline.feedData(b("0123456789"));
            assertThrows(IllegalArgumentException.class, noNewline::readLine);
            assertEquals(0, noNewline.buffered(), "without a newline the whole buffer is discarded");
            return null;
        });
    }

    @Test
    void l7_readLineAtEof() {
        run(() -> {
            StreamReader r = new StreamReader();
            r.feedData(b("some data"));
            r.feedEof();
            assertEquals("some data", s(r.readLine()));

            StreamReader empty = new StreamReader();
            empty.feedEof();
            assertEquals(0, empty.readLine().length);

            StreamReader e = new StreamReader();
            assertFalse(e.atEof());
            e.feedData(b("some data\n"));
            assertFalse(e.atEof());
            e.readLine();
            assertFalse(e.atEof());
            e.feedData(b("some data\n"));
            e.feedEof();
            assertFalse(e.atEof(), "EOF fed but data left");
            e.readLine();
            assertTrue(e.atEof());
            return null;
        });
    }

    @Test
    void l8_readUntilSeparators() {
        run(() -> {
            StreamReader r = new StreamReader();
            IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> r.readUntil(new byte[0]));
            assertEquals("Separator should be at least one-byte string", empty.getMessage());
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> r.readUntil(new byte[0][]));
            assertEquals("Separator should contain at least one element", none.getMessage());

            r.feedData(b("lineAAA"));
            r.feedData(b("xxx"));
            assertEquals("lineAAA", s(r.readUntil(b("AAA"))));
            assertEquals("xxx", rest(r));

            StreamReader chunks = new StreamReader();
            getRunningLoop().callSoon(() -> chunks.feedData(b("QWEaa")));
            getRunningLoop().callLater(0.1, () -> chunks.feedData(b("XYaa")));
            getRunningLoop().callLater(0.2, () -> chunks.feedData(b("a")));
            assertEquals("QWEaaXYaaa", s(chunks.readUntil(b("aaa"))));
            assertEquals(0, chunks.buffered());
            return null;
        });
    }

    @Test
    void l8_readUntilEofAndLimit() {
        run(() -> {
            StreamReader r = new StreamReader();
            r.feedData(b("some dataAA"));
            r.feedEof();
            IncompleteReadException e = assertThrows(IncompleteReadException.class, () -> r.readUntil(b("AAA")));
            assertEquals("some dataAA", s(e.partial()));
            assertNull(e.expected());
            assertEquals("11 bytes read on a total of undefined expected bytes", e.getMessage());
            assertEquals(0, r.buffered());

            StreamReader l = new StreamReader(3);
            l.feedData(b("some dataAAA"));
            LimitOverrunException found = assertThrows(LimitOverrunException.class, () -> l.readUntil(b("AAA")));
            assertEquals("Separator is found, but chunk is longer than limit", found.getMessage());
            assertEquals(12, l.buffered(), "the data stays in the buffer");

            StreamReader n = new StreamReader(3);
            n.feedData(b("some dataAA"));
            n.feedEof();
            LimitOverrunException notFound = assertThrows(LimitOverrunException.class, () -> n.readUntil(b("AAA")));
            assertEquals("Separator is not found, and chunk exceed the limit", notFound.getMessage());
            assertEquals(9, notFound.consumed());
            assertEquals(11, n.buffered());
            return null;
        });
    }

    @Test
    void l11_multipleSeparators() {
        run(() -> {
            StreamReader r = new StreamReader();
            r.feedData(b("line 1\nline 2\r"));
            assertEquals("line 1\n", s(r.readUntil(b("\r"), b("\n"))));
            assertEquals("line 2\r", s(r.readUntil(b("\r"), b("\n"))));

            StreamReader w = new StreamReader();
            w.feedData(b("ABCDEFG"));
            assertEquals("ABCDE", s(w.readUntil(b("DEF"), b("BCDE"))));
            assertEquals("FG", rest(w));

            StreamReader l = new StreamReader(3);
            l.feedData(b("some dataA"));
            LimitOverrunException e = assertThrows(LimitOverrunException.class, () -> l.readUntil(b("A"), b("ome dataA")));
            assertTrue(e.getMessage().contains("is found"), e.getMessage());
            assertEquals(10, l.buffered());

            StreamReader neg = new StreamReader();
            neg.feedData(b("data"));
            getRunningLoop().callSoon(() -> neg.feedData(b("Z")));
            getRunningLoop().callLater(0.1, () -> neg.feedData(b("Aaaa")));
            assertEquals("dataZA", s(neg.readUntil(b("A"), b("long sep"))));
            assertEquals("aaa", rest(neg));
            return null;
        });
    }

    @Test
    void l12_readExactly() {
        byte[] data = b("chunk1 chunk2 chunk3 \n chunk4"); // 18 bytes would be CPython's DATA; any length works
        run(() -> {
            StreamReader z = new StreamReader();
            z.feedData(DATA);
            assertEquals(0, z.readExactly(0).length);
            assertEquals(DATA.length, z.buffered());
            IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> z.readExactly(-1));
            assertTrue(neg.getMessage().contains("less than zero"));

            StreamReader r = new StreamReader();
            getRunningLoop().callSoon(() -> {
                r.feedData(DATA);
                r.feedData(DATA);
                r.feedData(DATA);
            });
            byte[] got = r.readExactly(2 * DATA.length);
            assertEquals(s(DATA) + s(DATA), s(got));
            assertEquals(s(DATA), rest(r));

            StreamReader eof = new StreamReader();
            getRunningLoop().callSoon(() -> {
                eof.feedData(DATA);
                eof.feedEof();
            });
            IncompleteReadException e = assertThrows(IncompleteReadException.class, () -> eof.readExactly(2 * DATA.length));
            assertArrayEquals(DATA, e.partial());
            assertEquals(2 * DATA.length, e.expected());
            assertEquals("18 bytes read on a total of 36 expected bytes", e.getMessage());
            assertEquals(0, eof.buffered());
            assertTrue(data.length > 0);
            return null;
        });
    }

    @Test
    void l13_oneWaiterAtATime() {
        run(() -> {
            StreamReader r = new StreamReader();
            Task<byte[]> first = createTask(() -> r.read(10));
            sleep(0);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.read(10));
            assertEquals("read() called while another coroutine is already waiting for incoming data", e.getMessage());
            r.feedData(b("x"));
            assertEquals("x", s(first.await()));
            return null;
        });
    }

    @Test
    void l13_setExceptionAfterCancelledReadIsHarmless() {
        run(() -> {
            StreamReader r = new StreamReader();
            Task<byte[]> t = createTask(r::readLine);
            sleep(0);
            t.cancel();
            sleep(0);
            assertThrows(CancelledError.class, t::await);
            r.setException(new IllegalStateException("boom"));
            sleep(0);
            IllegalStateException e = assertThrows(IllegalStateException.class, r::readLine);
            assertEquals("boom", e.getMessage());
            return null;
        });
    }

    @Test
    void l13_setExceptionWakesTheReader() {
        run(() -> {
            StreamReader r = new StreamReader();
            Task<byte[]> t = createTask(r::readLine);
            sleep(0);
            r.setException(new IOException("broken"));
            IOException e = assertThrows(IOException.class, () -> {
                try {
                    t.await();
                } catch (java.util.concurrent.CompletionException wrapped) {
                    throw wrapped.getCause();
                }
            });
            assertEquals("broken", e.getMessage());
            IOException direct = assertThrows(IOException.class, () -> r.read(1));
            assertEquals("broken", direct.getMessage());
            return null;
        });
    }

    @Test
    void l14_readerFlowControl() {
        run(() -> {
            StreamReader r = new StreamReader(4);
            FakeTransport t = new FakeTransport();
            r.setTransport(t);
            assertThrows(IllegalStateException.class, () -> r.setTransport(t));
            r.feedData(b("12345678"));
            assertEquals(List.of(), t.calls, "8 bytes is not more than 2 * limit");
            r.feedData(b("9"));
            assertEquals(List.of("pause"), t.calls);
            r.feedData(b("abc"));
            assertEquals(List.of("pause"), t.calls, "pause only once");
            r.read(4);
            assertEquals(List.of("pause"), t.calls, "8 bytes left > limit");
            r.read(4);
            assertEquals(List.of("pause", "resume"), t.calls);
            return null;
        });
    }

    @Test
    void l14_waitingWhilePausedResumesFirst() {
        run(() -> {
            StreamReader r = new StreamReader(2);
            FakeTransport t = new FakeTransport();
            r.setTransport(t);
            r.feedData(b("12345"));
            assertEquals(List.of("pause"), t.calls);
            getRunningLoop().callSoon(() -> r.feedData(b("67890")));
            assertEquals("1234567890", s(r.readExactly(10)), "readExactly(n > limit) does not deadlock");
            assertEquals("pause", t.calls.get(0));
            assertEquals("resume", t.calls.get(1));
            return null;
        });
    }

    @Test
    void feedDataAfterEofIsRejected() {
        StreamReader r = new StreamReader();
        r.feedEof();
        assertThrows(IllegalStateException.class, () -> r.feedData(b("x")));
    }

    @Test
    void readToEofJoinsChunksAndLinesIterates() {
        run(() -> {
            StreamReader r = new StreamReader(4);
            getRunningLoop().callSoon(() -> {
                r.feedData(b("a\nbb\n"));
                r.feedData(b("ccc"));
                r.feedEof();
            });
            List<String> lines = new ArrayList<>();
            for (byte[] line : r.lines()) {
                lines.add(s(line));
            }
            assertEquals(List.of("a\n", "bb\n", "ccc"), lines);

            StreamReader all = new StreamReader(3);
            all.feedData(b("0123456789"));
            all.feedEof();
            assertEquals("0123456789", s(all.read()));
            return null;
        });
    }
}
