package org.asyncio4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders summary lines (the kit's {@code summary.txt}, our runner's, or both) as a Markdown results
 * page: per workload a table of every peer's medians with min–max, and asyncio4j's advantage over each
 * peer (above 1×: asyncio4j better), then the targets checked against the figures.
 *
 * <pre>ResultsTable --title TITLE --out results.md [--notes notes.md] summary.txt [more-summary.txt ...]</pre>
 */
public final class ResultsTable {
    private ResultsTable() {}

    public static void main(String[] argv) throws IOException {
        String title = "asyncio4j benchmark results";
        Path outFile = null;
        Path notes = null;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--title" -> title = argv[++i];
                case "--out" -> outFile = Path.of(argv[++i]);
                case "--notes" -> notes = Path.of(argv[++i]);
                default -> inputs.add(Path.of(argv[i]));
            }
        }
        List<Row> rows = load(inputs);
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        if (notes != null && Files.exists(notes)) {
            md.append(Files.readString(notes).strip()).append("\n\n");
        }
        md.append(render(rows));
        md.append(Targets.render(rows));
        if (outFile == null) {
            System.out.print(md);
        } else {
            Files.writeString(outFile, md);
        }
    }

    static List<Row> load(List<Path> inputs) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path p : inputs) {
            for (KeyValues kv : KeyValues.readSummary(p)) {
                rows.add(new Row(kv));
            }
        }
        return rows;
    }

    /** Rows grouped by comparison group, in first-seen order. */
    static Map<String, List<Row>> groups(List<Row> rows) {
        Map<String, List<Row>> g = new LinkedHashMap<>();
        for (Row r : rows) {
            g.computeIfAbsent(r.group(), k -> new ArrayList<>()).add(r);
        }
        return g;
    }

    static String render(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        for (Map.Entry<String, List<Row>> e : groups(rows).entrySet()) {
            List<Row> group = e.getValue();
            List<Metric> metrics = Workloads.headlines(group.get(0).workload());
            if (metrics.isEmpty()) {
                continue;
            }
            boolean hasPeers = group.stream().anyMatch(r -> !r.isOurs());
            List<Row> ours = hasPeers ? group.stream().filter(Row::isOurs).toList() : List.of();
            md.append("### ").append(e.getKey()).append("\n\n| peer | impl | runs | fail |");
            for (Metric m : metrics) {
                md.append(' ').append(m.label()).append(m.higherIsBetter() ? " ↑" : " ↓").append(" median (min–max) |");
            }
            for (Row o : ours) {
                md.append(" ").append(o.displayLabel()).append(" advantage |");
            }
            md.append(" other medians |\n|---|---|---|---|");
            md.append("---|".repeat(metrics.size() + ours.size() + 1)).append('\n');
            for (Row r : group) {
                md.append("| ").append(r.isOurs() ? "**" + r.displayLabel() + "**" : r.label()).append(" | ")
                        .append(orDash(r.line().get("impl"))).append(" | ").append(orDash(r.line().get("runs")))
                        .append(" | ").append(failures(r)).append(" |");
                for (Metric m : metrics) {
                    md.append(' ').append(withRange(r, m.key())).append(" |");
                }
                for (Row o : ours) {
                    md.append(' ').append(r.isOurs() ? "—" : advantages(metrics, o, r)).append(" |");
                }
                md.append(' ').append(details(r, metrics)).append(" |\n");
            }
            md.append('\n');
        }
        md.append("Advantage = how many times better asyncio4j's median is than the peer's (throughput: ours ÷ "
                + "theirs; times, lateness, bytes: theirs ÷ ours); above 1× asyncio4j is better.\n\n");
        return md.toString();
    }

    private static String failures(Row r) {
        String fail = r.line().get("fail");
        String errors = r.line().get("errors");
        return orDash(fail) + (errors != null ? " (errors " + errors + ")" : "");
    }

    private static String advantages(List<Metric> metrics, Row ours, Row peer) {
        List<String> parts = new ArrayList<>();
        for (Metric m : metrics) {
            Double a = m.advantage(ours.number(m.key()), peer.number(m.key()));
            if (a != null) {
                parts.add((metrics.size() > 1 ? shortLabel(m) + " " : "") + times(a));
            }
        }
        return parts.isEmpty() ? "—" : String.join(", ", parts);
    }

    private static String shortLabel(Metric m) {
        return m.key().replace("_per_s", "/s").replace("_per_task", "").replace("_ms", "").replace("_us", "");
    }

    static String times(double a) {
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.0f×", a);
        }
        return a >= 0.1 ? String.format(Locale.ROOT, "%.2f×", a) : String.format(Locale.ROOT, "%.2g×", a);
    }

    private static String withRange(Row r, String key) {
        String v = r.line().get(key);
        if (v == null) {
            return "—";
        }
        String min = r.line().get(key + "_min");
        String max = r.line().get(key + "_max");
        String s = grouped(v);
        return min != null && max != null ? s + " (" + grouped(min) + "–" + grouped(max) + ")" : s;
    }

    /** Thousands separators for whole numbers, so 2500000 reads 2,500,000. */
    static String grouped(String v) {
        if (v.matches("-?\\d{4,}")) {
            return String.format(Locale.ROOT, "%,d", Long.parseLong(v));
        }
        return v;
    }

    private static String details(Row r, List<Metric> shown) {
        List<String> keys = switch (r.workload()) {
            case "timers" -> List.of("p50_ms", "p99_ms", "max_ms", "burst_ms", "post_p50_ms", "post_max_ms");
            case "memory" -> List.of("baseline_rss_kib", "peak_rss_kib");
            case "echo" -> List.of("p50_us", "srv_cpu_pct", "lg_cpu_pct");
            case "echo_tput" -> List.of("srv_cpu_pct", "lg_cpu_pct");
            default -> List.of("wall_s");
        };
        List<String> parts = new ArrayList<>();
        for (String k : keys) {
            if (shown.stream().noneMatch(m -> m.key().equals(k)) && r.line().get(k) != null) {
                parts.add(k + "=" + r.line().get(k));
            }
        }
        return parts.isEmpty() ? "" : String.join(" ", parts);
    }

    private static String orDash(String s) {
        return s == null ? "—" : s;
    }
}
