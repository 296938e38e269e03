package org.asyncio4j.bench.report;

/**
 * One summary line placed in the results: which comparison group it belongs to (workload, plus API and
 * connection count for echo), the peer's label, and whether it is one of asyncio4j's own rows.
 */
record Row(KeyValues line) {
    String workload() {
        return line.get("workload");
    }

    String peer() {
        return line.get("peer");
    }

    String api() {
        return line.get("api");
    }

    /** The comparison group: the workload, with the connection count for echo. */
    String group() {
        String conns = line.get("conns");
        return workload().equals("echo") && conns != null ? "echo C=" + conns : workload();
    }

    /** The peer, with the API for echo ({@code uvloop/protocol}). */
    String label() {
        String api = api();
        return api != null ? peer() + "/" + api : peer();
    }

    /** Whether this row is asyncio4j: the kit's {@code java-asyncio} slot or our runner's {@code asyncio4j-*}. */
    boolean isOurs() {
        return peer().equals("java-asyncio") || peer().startsWith("asyncio4j-");
    }

    /** asyncio4j's rows are named by engine: {@code asyncio4j-continuation} also for the kit's slot. */
    String oursLabel() {
        String impl = line.get("impl");
        String name;
        if (impl != null && impl.startsWith("asyncio4j-")) {
            name = "asyncio4j-" + impl.substring(impl.lastIndexOf('-') + 1);
        } else {
            name = peer().startsWith("asyncio4j-") ? peer() : "asyncio4j (" + peer() + ")";
        }
        return api() != null ? name + "/" + api() : name;
    }

    String displayLabel() {
        return isOurs() ? oursLabel() : label();
    }

    Double number(String key) {
        return line.number(key);
    }
}
