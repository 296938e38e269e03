package org.asyncio4j.bench.report;

import java.util.List;

/**
 * The kit's workloads: how each one's runs are aggregated (the keys of {@code metrics_for} in
 * {@code ../shared/bench/run-peers.sh}, so that our own runner's lines read like the kit's, plus the
 * min/max of the two figures asyncio4j has targets for: post-burst p99 and heap bytes per task) and
 * which metrics the table and chart compare.
 */
final class Workloads {
    private Workloads() {}

    /** The task workloads, in the kit's order. */
    static final List<String> TASK = List.of("spawn", "spawn_1m", "pingpong_queue", "pingpong_future", "timers", "memory");

    /** How runs of a workload are aggregated: copied keys, median metrics, min/max spreads, summed keys. */
    record Aggregation(List<String> first, List<String> metrics, List<String> spread, List<String> sum) {}

    static Aggregation aggregation(String workload) {
        if (workload.startsWith("spawn")) {
            return new Aggregation(List.of("impl", "n"), List.of("tasks_per_s", "wall_s"), List.of("tasks_per_s"), List.of("fail"));
        }
        if (workload.startsWith("pingpong")) {
            return new Aggregation(List.of("impl", "variant", "round_trips"), List.of("rt_per_s", "wall_s"),
                    List.of("rt_per_s"), List.of("fail"));
        }
        return switch (workload) {
            case "timers" -> new Aggregation(List.of("impl", "n"),
                    List.of("wall_s", "p50_ms", "p99_ms", "max_ms", "min_ms", "burst_ms", "post_n", "post_p50_ms",
                            "post_p99_ms", "post_max_ms"),
                    List.of("wall_s", "p99_ms", "max_ms", "post_p99_ms"), List.of("fail"));
            case "memory" -> new Aggregation(List.of("impl", "n", "waits_on"),
                    List.of("bytes_per_task", "heap_bytes_per_task", "baseline_rss_kib", "peak_rss_kib"),
                    List.of("bytes_per_task", "heap_bytes_per_task"), List.of("fail"));
            case "echo" -> new Aggregation(List.of("impl"),
                    List.of("req_per_s", "p50_us", "p99_us", "p999_us", "max_us", "lg_cpu_pct", "srv_cpu_pct",
                            "sys_busy_pct", "sys_softirq_pct", "sys_steal_pct"),
                    List.of("req_per_s", "p50_us", "p99_us"), List.of("errors", "fail"));
            case "echo_tput" -> new Aggregation(List.of("impl"),
                    List.of("mb_per_s", "lg_cpu_pct", "srv_cpu_pct", "sys_busy_pct", "sys_softirq_pct", "sys_steal_pct"),
                    List.of("mb_per_s"), List.of("errors", "fail"));
            default -> throw new IllegalArgumentException("unknown workload '" + workload + "'");
        };
    }

    /** The metrics compared per workload, headline first. */
    static List<Metric> headlines(String workload) {
        return switch (workload) {
            case "spawn" -> List.of(new Metric(workload, "tasks_per_s", "spawn 100k tasks/s", true));
            case "spawn_1m" -> List.of(new Metric(workload, "tasks_per_s", "spawn 1M tasks/s", true));
            case "spawn_microtask" -> List.of(new Metric(workload, "tasks_per_s", "spawn (Node microtask) tasks/s", true));
            case "pingpong_queue" -> List.of(new Metric(workload, "rt_per_s", "pingpong queue rt/s", true));
            case "pingpong_future" -> List.of(new Metric(workload, "rt_per_s", "pingpong future rt/s", true));
            case "timers" -> List.of(new Metric(workload, "wall_s", "timers wall s", false),
                    new Metric(workload, "post_p99_ms", "timers post-burst p99 ms", false));
            case "memory" -> List.of(new Metric(workload, "heap_bytes_per_task", "memory heap B/task", false),
                    new Metric(workload, "bytes_per_task", "memory RSS B/task", false));
            case "echo" -> List.of(new Metric(workload, "req_per_s", "echo req/s", true),
                    new Metric(workload, "p99_us", "echo p99 us", false));
            case "echo_tput" -> List.of(new Metric(workload, "mb_per_s", "echo_tput MB/s", true));
            default -> List.of();
        };
    }
}
