package org.asyncio4j.bench;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.getRunningLoop;

import org.asyncio4j.Asyncio;
import org.asyncio4j.EventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.Task;
import org.asyncio4j.queues.Queue;

/**
 * Workload {@code pingpong} ({@code ../shared/bench/workloads.md}): two tasks pass a token R round trips.
 * A warm-up round of max(1000, R/10) round trips runs first in the same process.
 *
 * <ul>
 *   <li>{@code --variant future}: a shared slot holds pong's pending future; each round trip ping
 *       creates a {@code reply} future, completes pong's future with (i, reply) and awaits reply; pong,
 *       on waking, first puts a new future in the slot, then completes reply with i.
 *   <li>{@code --variant queue}: two unbounded {@code org.asyncio4j.queues.Queue}s.
 * </ul>
 *
 * <p>{@code PingPong --r 200000 --variant future} prints
 * {@code impl=... variant=future round_trips=... wall_s=... rt_per_s=... ok=1}.
 */
public final class PingPong {
    private PingPong() {}

    public static void main(String[] argv) {
        Args args = Args.parse(argv, "r", "200000", "variant", "queue");
        int r = args.integer("r");
        String variant = args.string("variant");
        if (!variant.equals("future") && !variant.equals("queue")) {
            throw new IllegalArgumentException("--variant must be queue or future, not '" + variant + "'");
        }
        long[] measured = Asyncio.run(() -> {
            round(variant, Math.max(1000, r / 10));
            return round(variant, r);
        });
        double wall = measured[0] / 1e9;
        boolean ok = measured[1] == (long) r * (r - 1) / 2;
        ResultLine.start().put("variant", variant).put("round_trips", r).put("wall_s", "%.4f", wall)
                .put("rt_per_s", "%.0f", r / wall).put("ok", ok ? 1 : 0).print();
        System.exit(ok ? 0 : 1);
    }

    private static long[] round(String variant, int r) {
        return variant.equals("future") ? futureRound(r) : queueRound(r);
    }

    /** The queue variant; returns {nanoseconds, ping's sum}. */
    private static long[] queueRound(int r) {
        Queue<Integer> q1 = new Queue<>();
        Queue<Integer> q2 = new Queue<>();
        long t0 = System.nanoTime();
        Task<Long> ping = createTask(() -> {
            long s = 0;
            for (int i = 0; i < r; i++) {
                q1.put(i);
                s += q2.get();
            }
            return s;
        });
        Task<Void> pong = createTask(() -> {
            for (int k = 0; k < r; k++) {
                q2.put(q1.get());
            }
        });
        long s = ping.await();
        pong.await();
        long t1 = System.nanoTime();
        return new long[] {t1 - t0, s};
    }

    /** What ping hands to pong: the index and the future for the reply. */
    private record Token(int index, Future<Integer> reply) {}

    /** The future variant; returns {nanoseconds, ping's sum}. */
    private static long[] futureRound(int r) {
        EventLoop loop = getRunningLoop();
        @SuppressWarnings("unchecked")
        Future<Token>[] slot = new Future[] {loop.createFuture()};
        long t0 = System.nanoTime();
        Task<Void> pong = createTask(() -> {
            for (int k = 0; k < r; k++) {
                Token t = slot[0].await();
                slot[0] = loop.createFuture();
                t.reply().setResult(t.index());
            }
        });
        long s = 0;
        for (int i = 0; i < r; i++) {
            Future<Integer> reply = loop.createFuture();
            slot[0].setResult(new Token(i, reply));
            s += reply.await();
        }
        pong.await();
        long t1 = System.nanoTime();
        return new long[] {t1 - t0, s};
    }
}
