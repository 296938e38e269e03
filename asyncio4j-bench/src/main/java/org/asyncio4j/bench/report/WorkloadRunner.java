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
 *                --workloads "spawn spawn_1m ... echo echo_tput" --runs 3 --out DIR [--timeout 300]
 *                [--loadgen PATH --echo-runs 3 --echo-conns "1 100 1000" --echo-warmup 2 --echo-duration 10]
 * </pre>
 *
 * <p>Echo runs start {@code EchoServer --api streams|protocol}, wait for its {@code LISTENING} line,
 * run the kit's load generator against it (the same arguments as {@code run-peers.sh}) and stop the
 * server with SIGTERM.
 */
public final class WorkloadRunner {
    private final Map<String, String> opts;
    private final Path out;

    private WorkloadRunner(Map<String, String> opts) {
        this.opts = opts;
        this.out = Path.of(opts.get("out"));
    }

    /** A job: one workload on one engine (for echo: with one API and connection count). */
    private record Job(String workload, String engine, String api, int conns) {
        String peer() {
            return "asyncio4j-" + engine;
        }

        boolean isEcho() {
            return api != null;
        }

        String prefix() {
            String p = "workload=" + workload + " peer=" + peer();
            return isEcho() ? p + " api=" + api + " conns=" + conns : p;
        }

        String fileTag() {
            return peer() + "-" + workload + (isEcho() ? "-" + api + "-" + conns : "");
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        String[] defaults = {"java", "java", "jvm-opts", "", "pkg", "org.asyncio4j.bench.", "engines",
            "continuation,portable", "workloads", String.join(" ", Workloads.TASK), "runs", "3", "timeout", "300",
            "echo-runs", "3", "echo-conns", "1 100 1000", "echo-warmup", "2", "echo-duration", "10"};
        for (int i = 0; i < defaults.length; i += 2) {
            o.put(defaults[i], defaults[i + 1]);
        }
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
            boolean echo = wl.equals("echo") || wl.equals("echo_tput");
            if (!echo && command(wl).isEmpty()) {
                log("skipping workload " + wl + ": asyncio4j has no program for it");
                continue;
            }
            if (echo && opts.get("loadgen") == null) {
                log("skipping workload " + wl + ": no load generator (--loadgen)");
                continue;
            }
            for (String engine : opts.get("engines").split(",")) {
                if (!echo) {
                    jobs.add(new Job(wl, engine.trim(), null, 0));
                    continue;
                }
                for (String api : List.of("streams", "protocol")) {
                    if (wl.equals("echo_tput")) {
                        jobs.add(new Job(wl, engine.trim(), api, 1));
                    } else {
                        for (String c : opts.get("echo-conns").trim().split("\\s+")) {
                            jobs.add(new Job(wl, engine.trim(), api, Integer.parseInt(c)));
                        }
                    }
                }
            }
        }
        int runs = Integer.parseInt(opts.get("runs"));
        int echoRuns = Integer.parseInt(opts.get("echo-runs"));
        Map<Job, List<KeyValues>> results = new LinkedHashMap<>();
        for (int r = 1; r <= Math.max(runs, echoRuns); r++) {
            log("round " + r);
            for (Job job : jobs) {
                if (r > (job.isEcho() ? echoRuns : runs)) {
                    continue;
                }
                String context = loadContext();
                String result = job.isEcho() ? runEcho(job, r) : runOnce(job, r);
                String line = job.prefix() + " run=" + r + " " + result + " " + context;
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
        List<String> cmd = javaCommand(job, command(job.workload()));
        Path stdout = out.resolve(".stdout");
        Path stderr = out.resolve("stderr-" + job.fileTag() + "-" + run + ".txt");
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

    /** java, the JVM options, the engine, the class path, then the program (main class without package, args). */
    private List<String> javaCommand(Job job, List<String> program) {
        List<String> cmd = new ArrayList<>();
        cmd.add(opts.get("java"));
        cmd.addAll(Arrays.asList(opts.get("jvm-opts").trim().split("\\s+")));
        cmd.removeIf(String::isEmpty);
        cmd.add("-Dasyncio4j.engine=" + job.engine());
        cmd.add("-cp");
        cmd.add(opts.get("cp"));
        cmd.add(opts.get("pkg") + program.get(0));
        cmd.addAll(program.subList(1, program.size()));
        return cmd;
    }

    /**
     * One echo run: starts the server, runs the load generator as {@code run-peers.sh} does, stops the
     * server (SIGTERM, then SIGKILL after 5 s); returns {@code impl=...} and the load generator's line.
     */
    private String runEcho(Job job, int run) throws IOException, InterruptedException {
        Path log = out.resolve("server-" + job.fileTag() + "-" + run + ".log");
        Process server = new ProcessBuilder(javaCommand(job, List.of("EchoServer", "--api", job.api())))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String listening = null;
            for (int i = 0; i < 300 && listening == null && server.isAlive(); i++) {
                listening = Files.readAllLines(log).stream().filter(l -> l.startsWith("LISTENING")).findFirst().orElse(null);
                if (listening == null) {
                    Thread.sleep(100);
                }
            }
            if (listening == null) {
                log(job.peer() + "/" + job.api() + " server did not start (see " + log + ")");
                return "fail=1 status=server_did_not_start";
            }
            KeyValues l = KeyValues.parse(listening);
            List<String> cmd = new ArrayList<>(List.of(opts.get("loadgen")));
            if (job.workload().equals("echo_tput")) {
                cmd.addAll(List.of("-m", "tput", "-p", l.get("port"), "-c", "1", "-s", "65536", "-W", "1048576"));
            } else {
                cmd.addAll(List.of("-p", l.get("port"), "-c", String.valueOf(job.conns()), "-s", "64"));
            }
            cmd.addAll(List.of("-w", opts.get("echo-warmup"), "-d", opts.get("echo-duration"), "-P", String.valueOf(server.pid())));
            Process lg = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(lg.getInputStream().readAllBytes()).trim();
            long limit = Long.parseLong(opts.get("echo-warmup")) + Long.parseLong(opts.get("echo-duration")) + 60;
            if (!lg.waitFor(limit, TimeUnit.SECONDS)) {
                lg.destroyForcibly();
            }
            String impl = "impl=" + l.get("impl");
            return output.isEmpty() ? impl + " fail=1 status=loadgen_no_output" : impl + " " + output;
        } finally {
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
            if (Files.readAllLines(log).stream().allMatch(x -> x.startsWith("LISTENING"))) {
                Files.deleteIfExists(log);
            }
        }
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
