package org.asyncio4j.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The performance targets of the benchmark issue, checked against the medians of one run: absolute
 * figures (tasks/s, seconds, bytes) and ratios to the peers measured in the same run, for asyncio4j's
 * default (continuation) engine. A target whose peer is missing from the run is reported as not
 * checked, never as met; one whose asyncio4j runs failed is reported as missed.
 */
final class Targets {
    private Targets() {}

    /** One checked target. */
    private record Check(String what, String target, String measured, Boolean met) {}

    static String render(List<Row> rows) {
        List<Check> checks = new ArrayList<>();
        Map<String, List<Row>> groups = ResultsTable.groups(rows);
        for (List<Row> group : groups.values()) {
            // the targets are for the default (continuation) engine; portable rows are not checked
            for (Row ours : group.stream().filter(r -> r.isOurs() && !r.displayLabel().contains("portable")).toList()) {
                check(ours, group).stream().filter(java.util.Objects::nonNull).forEach(checks::add);
            }
        }
        if (checks.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("### Targets (issue 6) for the continuation engine, checked against these medians\n\n"
                + "| asyncio4j row | target | measured | met? |\n|---|---|---|---|\n");
        for (Check c : checks) {
            md.append("| ").append(c.what()).append(" | ").append(c.target()).append(" | ").append(c.measured())
                    .append(" | ").append(c.met() == null ? "not checked (peer not in this run)" : c.met() ? "yes" : "**no**")
                    .append(" |\n");
        }
        return md.append('\n').toString();
    }

    private static List<Check> check(Row ours, List<Row> group) {
        String what = ours.group() + " " + ours.displayLabel();
        List<Check> out = new ArrayList<>();
        switch (ours.workload()) {
            case "spawn", "spawn_1m" -> {
                out.add(atLeast(what, ours, "tasks_per_s", 2_000_000, "tasks/s"));
                out.add(ratio(what, ours, group, "tasks_per_s", true, "uvloop", 40));
                out.add(ratio(what, ours, group, "tasks_per_s", true, "node", 10));
                out.add(ratio(what, ours, group, "tasks_per_s", true, "java-vthreads", 5));
            }
            case "pingpong_queue", "pingpong_future" -> {
                out.add(ratio(what, ours, group, "rt_per_s", true, "node", 1));
                out.add(ratio(what, ours, group, "rt_per_s", true, "uvloop", 20));
            }
            case "timers" -> {
                out.add(atMost(what, ours, "wall_s", 1.05, "s wall"));
                out.add(atMost(what, ours, "post_p99_ms", 1.0, "ms post-burst p99"));
            }
            case "memory" -> out.add(atMost(what, ours, "heap_bytes_per_task", 600, "heap bytes/task"));
            case "echo" -> {
                out.add(ratio(what, ours, group, "req_per_s", true, "uvloop", 1));
                out.add(ratio(what, ours, group, "req_per_s", true, "netty-nio", 1));
                out.add(ratio(what, ours, group, "p99_us", false, "uvloop", 1));
                out.add(ratio(what, ours, group, "p99_us", false, "netty-nio", 1));
            }
            case "echo_tput" -> out.add(ratio(what, ours, group, "mb_per_s", true, "netty-nio", 1));
            default -> { }
        }
        return out;
    }

    private static Check atLeast(String what, Row ours, String key, double min, String unit) {
        Double v = ours.number(key);
        return new Check(what, "≥ " + num(min) + " " + unit, v == null ? "no asyncio4j figure (its runs failed)" : num(v) + " " + unit,
                v != null && v >= min);
    }

    private static Check atMost(String what, Row ours, String key, double max, String unit) {
        Double v = ours.number(key);
        return new Check(what, "≤ " + num(max) + " " + unit, v == null ? "no asyncio4j figure (its runs failed)" : num(v) + " " + unit,
                v != null && v <= max);
    }

    /**
     * asyncio4j's advantage over {@code peer} on {@code key} must be at least {@code factor}. For a peer
     * with several echo APIs the peer's best median counts (its highest req/s, its lowest p99). Null
     * (nothing to report) when the group has no peer rows at all (asyncio4j's own runs).
     */
    private static Check ratio(String what, Row ours, List<Row> group, String key, boolean higherIsBetter,
                               String peer, double factor) {
        Metric m = new Metric(ours.workload(), key, key, higherIsBetter);
        Optional<Row> best = group.stream().filter(r -> !r.isOurs() && r.peer().equals(peer) && r.number(key) != null)
                .reduce((a, b) -> m.advantage(a.number(key), b.number(key)) >= 1 ? a : b);
        String target = (factor == 1 ? (higherIsBetter ? "at least" : "no worse than") : "≥ " + num(factor) + "×")
                + " " + peer + " (" + key + ")";
        if (best.isEmpty()) {
            return group.stream().allMatch(Row::isOurs) ? null : new Check(what, target, "—", null);
        }
        if (ours.number(key) == null) {
            return new Check(what, target, "no asyncio4j figure (its runs failed)", false);
        }
        Double a = m.advantage(ours.number(key), best.get().number(key));
        String measured = a == null ? "—" : ResultsTable.times(a) + " (" + num(ours.number(key)) + " vs "
                + best.get().label() + " " + num(best.get().number(key)) + ")";
        return new Check(what, target, measured, a == null ? null : a >= factor);
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
