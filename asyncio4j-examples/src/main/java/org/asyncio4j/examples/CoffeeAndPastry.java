package org.asyncio4j.examples;

import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.run;
import static org.asyncio4j.Asyncio.sleep;

import java.time.Duration;
import java.util.Locale;

/**
 * The asyncio lesson's first example: making coffee (3 s) and a pastry (2 s). Done one after the other
 * it takes about 5 s; done as two coroutines on one event loop it takes about 3 s — on ONE thread, as
 * the printed thread names show.
 *
 * <p>{@code -Dcoffee.scale=0.01} multiplies every duration by 0.01 (the tests run the demo so); the
 * default is 1.
 */
public final class CoffeeAndPastry {
    private CoffeeAndPastry() {}

    /** {@code seconds} times the {@code coffee.scale} system property (1 when it is not set). */
    static double scaled(double seconds) {
        String value = System.getProperty("coffee.scale", "1");
        double scale = Double.parseDouble(value);
        if (!(scale > 0 && scale < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("coffee.scale must be a positive number: " + value);
        }
        return seconds * scale;
    }

    private static void sleepBlocking(double seconds) throws InterruptedException {
        Thread.sleep(Duration.ofNanos((long) (scaled(seconds) * 1e9)));
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("== Synchronous: one thing after the other ==");
        long t0 = System.nanoTime();
        makeCoffeeSync();
        makePastrySync();
        printTotal(t0);

        System.out.println();
        System.out.println("== Asynchronous: two coroutines on one event loop ==");
        long t1 = System.nanoTime();
        run(() -> gather(CoffeeAndPastry::makeCoffee, CoffeeAndPastry::makePastry).await());
        printTotal(t1);
    }

    static void makeCoffeeSync() throws InterruptedException {
        System.out.println("Making coffee on thread " + Thread.currentThread().getName());
        sleepBlocking(3);
        System.out.println("Coffee is ready");
    }

    static void makePastrySync() throws InterruptedException {
        System.out.println("Making pastry on thread " + Thread.currentThread().getName());
        sleepBlocking(2);
        System.out.println("Pastry is ready");
    }

    static String makeCoffee() {
        System.out.println("Making coffee on thread " + Thread.currentThread().getName());
        sleep(scaled(3));
        System.out.println("Coffee is ready");
        return "coffee";
    }

    static String makePastry() {
        System.out.println("Making pastry on thread " + Thread.currentThread().getName());
        sleep(scaled(2));
        System.out.println("Pastry is ready");
        return "pastry";
    }

    private static void printTotal(long startNanos) {
        System.out.println(String.format(Locale.ROOT, "Total time: %.2f seconds", (System.nanoTime() - startNanos) / 1e9));
    }
}
