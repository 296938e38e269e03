package org.asyncio4j.bench.report;

/**
 * A headline metric of a workload as the results table and the chart show it.
 *
 * @param workload the kit's workload name ({@code spawn}, {@code echo}, ...)
 * @param key the key in the summary line ({@code tasks_per_s}); its spread is {@code key_min}/{@code key_max}
 * @param label the column or bar-group label
 * @param higherIsBetter whether a larger value is better (throughput) or worse (time, lateness, bytes)
 */
record Metric(String workload, String key, String label, boolean higherIsBetter) {
    /**
     * How many times better {@code ours} is than {@code theirs}: ours/theirs for throughput,
     * theirs/ours for costs; above 1 means asyncio4j is better. Null if either is missing or zero.
     */
    Double advantage(Double ours, Double theirs) {
        if (ours == null || theirs == null || ours <= 0 || theirs <= 0) {
            return null;
        }
        return higherIsBetter ? ours / theirs : theirs / ours;
    }
}
