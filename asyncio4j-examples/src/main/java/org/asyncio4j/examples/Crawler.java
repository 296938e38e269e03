package org.asyncio4j.examples;

import static org.asyncio4j.Asyncio.*;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.asyncio4j.CancelledError;
import org.asyncio4j.TaskGroup;
import org.asyncio4j.TimedOutException;
import org.asyncio4j.testing.VirtualTimeLoop;

/**
 * A crawler over 1,000 simulated pages, on one thread: a {@link TaskGroup} fans the requests out, each
 * request has its own timeout ({@code waitFor}), and the whole crawl has a global deadline
 * ({@code timeout}). Requests are staggered over the first seconds (politeness), take a random time
 * and sometimes fail; all of it is drawn from a fixed seed, so a run on the virtual clock always gives
 * the same counts.
 *
 * <p>{@code ./asyncio4j run-example Crawler} runs in real time (about 2.5 s);
 * {@code ./asyncio4j run-example Crawler --virtual} on the virtual clock (instant, exact).
 */
public final class Crawler {
    static final int PAGES = 1_000;
    static final long SEED = 42;
    /** Per-request timeout, in seconds. */
    static final double REQUEST_TIMEOUT = 1.0;
    /** The whole crawl's deadline, in seconds from the start. */
    static final double GLOBAL_DEADLINE = 2.5;
    /** Requests start one after the other, this many seconds apart. */
    static final double STAGGER = 0.0025;

    enum Outcome { FINISHED, TIMED_OUT, FAILED, CANCELLED }

    /** A simulated page: when its request starts, how long the server takes, whether it fails. */
    record Page(String url, double startDelay, double latency, boolean fails) {}

    /** What a failing server does to a request. */
    static final class FetchFailed extends RuntimeException {
        FetchFailed(String url) {
            super("503 Service Unavailable: " + url);
        }
    }

    private Crawler() {}

    public static void main(String[] args) {
        boolean virtual = args.length > 0 && args[0].equals("--virtual");
        List<Page> pages = simulatedPages(PAGES, new Random(SEED));
        long t0 = System.nanoTime();
        Map<Outcome, Integer> counts = virtual
                ? run(() -> crawl(pages), VirtualTimeLoop::create)
                : run(() -> crawl(pages));
        double elapsed = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "Crawled %d simulated pages in %.2f s%s (seed %d, request timeout %.1f s,"
                + " global deadline %.1f s)%n", pages.size(), elapsed,
                virtual ? " of real time on the virtual clock" : "", SEED, REQUEST_TIMEOUT, GLOBAL_DEADLINE);
        System.out.printf(Locale.ROOT, "  finished:  %4d%n", counts.get(Outcome.FINISHED));
        System.out.printf(Locale.ROOT, "  timed out: %4d  (slower than %.1f s)%n", counts.get(Outcome.TIMED_OUT), REQUEST_TIMEOUT);
        System.out.printf(Locale.ROOT, "  failed:    %4d  (the server answered 503)%n", counts.get(Outcome.FAILED));
        System.out.printf(Locale.ROOT, "  cancelled: %4d  (still running at the global deadline)%n", counts.get(Outcome.CANCELLED));
    }

    /** Crawls every page under the global deadline and counts the outcomes. */
    static Map<Outcome, Integer> crawl(List<Page> pages) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
        try {
            timeout(GLOBAL_DEADLINE, () -> {
                taskGroup(tg -> {
                    for (Page page : pages) {
                        tg.createTask(() -> counts.merge(fetchOne(page), 1, Integer::sum), page.url());
                    }
                });
                return null;
            });
        } catch (TimedOutException deadline) {
            // The deadline cancelled the group, which cancelled the requests still running and waited
            // for them: those are the ones that were not counted.
        }
        int counted = counts.values().stream().mapToInt(Integer::intValue).sum();
        counts.put(Outcome.CANCELLED, pages.size() - counted);
        return counts;
    }

    /**
     * One request with its own timeout. Its failures are outcomes to count, not errors that should
     * abort the crawl, so they are caught here; a {@link CancelledError} (the global deadline) is not.
     */
    static Outcome fetchOne(Page page) {
        sleep(page.startDelay());
        try {
            waitFor(() -> fetch(page), REQUEST_TIMEOUT);
            return Outcome.FINISHED;
        } catch (TimedOutException e) {
            return Outcome.TIMED_OUT;
        } catch (FetchFailed e) {
            return Outcome.FAILED;
        }
    }

    /** The simulated server: answers after the page's latency, or fails. */
    static String fetch(Page page) {
        sleep(page.latency());
        if (page.fails()) {
            throw new FetchFailed(page.url());
        }
        return "<html><title>" + page.url() + "</title></html>";
    }

    /** Pages with latencies mostly well under the timeout, a slow tail, and 5% failures. */
    static List<Page> simulatedPages(int n, Random rnd) {
        List<Page> pages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double latency = rnd.nextDouble() < 0.85 ? 0.05 + rnd.nextDouble() * 0.6 : 0.6 + rnd.nextDouble() * 2.4;
            pages.add(new Page("https://example.test/page/" + i, i * STAGGER, latency, rnd.nextDouble() < 0.05));
        }
        return pages;
    }
}
