package org.asyncio4j.bench.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Folds the raw lines of repeated runs into one summary line, exactly as the kit's {@code tools/agg.py}
 * does: the median of every metric (mean of the two middle values for an even count), min and max for
 * the spread metrics, sums for the counters, the copied keys from the first run, numbers formatted the
 * same way.
 */
final class Aggregate {
    private Aggregate() {}

    static String line(String prefix, Workloads.Aggregation how, List<KeyValues> runs) {
        List<String> out = new ArrayList<>();
        out.add(prefix);
        out.add("runs=" + runs.size());
        if (!runs.isEmpty()) {
            for (String k : how.first()) {
                String v = runs.get(0).get(k);
                if (v != null) {
                    out.add(k + "=" + v);
                }
            }
            for (String k : how.metrics()) {
                double[] vals = values(runs, k);
                if (vals.length == 0) {
                    continue;
                }
                out.add(k + "=" + format(median(vals)));
                if (how.spread().contains(k)) {
                    out.add(k + "_min=" + format(vals[0]) + " " + k + "_max=" + format(vals[vals.length - 1]));
                }
            }
            for (String k : how.sum()) {
                double[] vals = values(runs, k);
                out.add(k + "=" + (vals.length == 0 ? "0" : format(Arrays.stream(vals).sum())));
            }
        }
        return String.join(" ", out);
    }

    /** The numeric values of {@code key} over the runs that have one, sorted. */
    private static double[] values(List<KeyValues> runs, String key) {
        return runs.stream().map(r -> r.number(key)).filter(v -> v != null).mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** Median of sorted values. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** agg.py's {@code fmt}: integers and values >= 100 without decimals, below 1 three significant digits. */
    static String format(double x) {
        if (Math.abs(x) >= 100 || x == Math.rint(x)) {
            return String.format(Locale.ROOT, "%.0f", x);
        }
        if (Math.abs(x) < 1) {
            return new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.2f", x);
    }
}
