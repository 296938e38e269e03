package org.asyncio4j.bench;

import java.util.Arrays;

/** The timers workload's numbers: its delays (xorshift32, identical in every peer) and percentiles. */
final class Lateness {
    /** The seed every peer uses. */
    static final int SEED = (int) 2463534242L;

    private Lateness() {}

    /** {@code n} delays in [0, 1000] ms: xorshift32 (13, 17, 5) from {@link #SEED}, unsigned, mod 1001. */
    static int[] delaysMs(int n) {
        int x = SEED;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            out[i] = (int) (Integer.toUnsignedLong(x) % 1001);
        }
        return out;
    }

    /** The kit's percentile: {@code sorted[min(n-1, floor(p*n))]}; {@code sorted} must be sorted. */
    static double percentile(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    static double[] sorted(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s;
    }
}
