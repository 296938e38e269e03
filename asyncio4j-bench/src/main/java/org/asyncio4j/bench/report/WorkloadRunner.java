package org.asyncio4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs asyncio4j's workload programs on one or both engines, {@code --runs} times each in fresh JVMs,
 * interleaved (round 1 of every job, then round 2, ...) like the kit's {@code run-peers.sh}, and prints
 * one aggregated line per workload and engine (median, min/max) on stdout, in the kit's format.
 * Raw per-run lines go to stderr and to {@code <out>/raw.txt}; the summary to {@code <out>/summary.txt}.
 *
 * <pre>
 * WorkloadRunner --java JAVA --cp CLASSPATH --jvm-opts "FLAGS" --engines continuation,portable
 *                --workloads "spawn spawn_1m ..." --runs 3 --out DIR [--timeout 300]
 * </pre>
 */
public final class WorkloadRunner {
    private final Map<String, String> opts;
    private final Path out;

    private WorkloadRunner(Map<String, String> opts) {
        this.opts = opts;
        this.out = Path.of(opts.get("out"));
    }

    /** A job: one workload on one engine. */
    private record Job(String workload, String engine) {
        String peer() {
            return "asyncio4j-" + engine;
        }

        String prefix() {
            return "workload=" + workload + " peer=" + peer();
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of("java", "java", "jvm-opts", "", "pkg", "org.asyncio4j.bench.",
                "engines", "continuation,portable", "workloads", String.join(" ", Workloads.TASK), "runs", "3",
                "timeout", "300"));
        for (int i = 0; i + 1 < argv.length; i += 2) {
            o.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        if (!o.containsKey("cp") || !o.containsKey("out")) {
            throw new IllegalArgumentException("--cp and --out are required");
        }
        new WorkloadRunner(o).runAll();
    }

    private void runAll() throws IOException, InterruptedException {
        Files.createDirectories(out);
        Path raw = out.resolve("raw.txt");
        Files.writeString(raw, "");
        List<Job> jobs = new ArrayList<>();
        for (String wl : opts.get("workloads").trim().split("\\s+")) {
            if (command(wl).isEmpty()) {
                log("skipping workload " + wl + ": asyncio4j has no program for it");
                continue;
            }
            for (String engine : opts.get("engines").split(",")) {
                jobs.add(new Job(wl, engine.trim()));
            }
        }
        int runs = Integer.parseInt(opts.get("runs"));
        Map<Job, List<KeyValues>> results = new LinkedHashMap<>();
        for (int r = 1; r <= runs; r++) {
            log("round " + r + " of " + runs);
            for (Job job : jobs) {
                String line = job.prefix() + " run=" + r + " " + runOnce(job, r) + " " + loadContext();
                System.err.println(line);
                Files.writeString(raw, line + "\n", StandardOpenOption.APPEND);
                results.computeIfAbsent(job, k -> new ArrayList<>()).add(KeyValues.parse(line));
            }
        }
        StringBuilder summary = new StringBuilder();
        for (Map.Entry<Job, List<KeyValues>> e : results.entrySet()) {
            String line = Aggregate.line(e.getKey().prefix(), Workloads.aggregation(e.getKey().workload()), e.getValue());
            System.out.println(line);
            summary.append(line).append('\n');
        }
        Files.writeString(out.resolve("summary.txt"), summary);
        log("raw lines: " + raw);
        log("summary:   " + out.resolve("summary.txt"));
    }

    /** Runs the job once; returns its last stdout line, with {@code fail=1 rc=N} if it failed. */
    private String runOnce(Job job, int run) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(opts.get("java"));
        cmd.addAll(Arrays.asList(opts.get("jvm-opts").trim().split("\\s+")));
        cmd.removeIf(String::isEmpty);
        cmd.add("-Dasyncio4j.engine=" + job.engine());
        cmd.add("-cp");
        cmd.add(opts.get("cp"));
        List<String> program = command(job.workload());
        cmd.add(opts.get("pkg") + program.get(0));
        cmd.addAll(program.subList(1, program.size()));
        Path stdout = out.resolve(".stdout");
        Path stderr = out.resolve("stderr-" + job.peer() + "-" + job.workload() + "-" + run + ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        int rc;
        if (p.waitFor(Long.parseLong(opts.get("timeout")), TimeUnit.SECONDS)) {
            rc = p.exitValue();
        } else {
            p.destroyForcibly().waitFor();
            rc = 124; // what timeout(1) reports, as in the kit
        }
        List<String> lines = Files.readAllLines(stdout);
        Files.deleteIfExists(stdout);
        if (Files.size(stderr) == 0) {
            Files.delete(stderr);
        }
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        if (rc != 0) {
            log(job.peer() + " " + job.workload() + " run " + run + " exited " + rc + " (see " + stderr + ")");
            return (last + " fail=1 rc=" + rc).trim();
        }
        return last;
    }

    /** The main class (without package) and arguments of a workload, as the kit's java-asyncio slot runs it. */
    static List<String> command(String workload) {
        return switch (workload) {
            case "spawn" -> List.of("Spawn", "--n", "100000");
            case "spawn_1m" -> List.of("Spawn", "--n", "1000000");
            case "pingpong_queue" -> List.of("PingPong", "--r", "200000", "--variant", "queue");
            case "pingpong_future" -> List.of("PingPong", "--r", "200000", "--variant", "future");
            case "timers" -> List.of("Timers", "--n", "100000");
            case "memory" -> List.of("Memory", "--n", "100000");
            default -> List.of();
        };
    }

    /** The 1-minute load average and runnable count before a run, as the kit records them. */
    private static String loadContext() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "loadavg1=" + f[0] + " runnable=" + f[3].split("/")[0];
        } catch (IOException e) {
            return "loadavg1=NA runnable=NA";
        }
    }

    private static void log(String msg) {
        System.err.println("# " + msg);
    }
}
