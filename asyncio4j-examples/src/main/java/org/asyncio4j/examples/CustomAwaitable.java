package org.asyncio4j.examples;

import static org.asyncio4j.Asyncio.run;
import static org.asyncio4j.Asyncio.sleep;

import org.asyncio4j.Awaitable;

/**
 * The lesson's custom awaitable: a class with {@code __await__}. In Java it implements
 * {@link Awaitable}, and its {@code await()} may itself suspend.
 */
public final class CustomAwaitable {
    private CustomAwaitable() {}

    /** Waits a little, then produces a value: like a Python class whose __await__ yields from sleep. */
    static final class DelayedValue implements Awaitable<String> {
        private final String value;
        private final double delaySeconds;

        DelayedValue(String value, double delaySeconds) {
            this.value = value;
            this.delaySeconds = delaySeconds;
        }

        @Override
        public String await() {
            System.out.println("DelayedValue: waiting " + delaySeconds + " s on thread " + Thread.currentThread().getName());
            sleep(delaySeconds);
            return value;
        }
    }

    public static void main(String[] args) {
        String r = run(() -> new DelayedValue("custom awaitable result", 0.5).await());
        System.out.println("awaited: " + r);
    }
}
