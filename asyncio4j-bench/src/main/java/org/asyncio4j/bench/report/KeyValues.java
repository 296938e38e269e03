package org.asyncio4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result line of the benchmark kit: space-separated {@code key=value} pairs, in order. Tokens
 * without {@code =} are ignored, as the kit's {@code tools/agg.py} does.
 */
record KeyValues(Map<String, String> map) {
    KeyValues {
        map = Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static KeyValues parse(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String tok : line.trim().split("\\s+")) {
            int eq = tok.indexOf('=');
            if (eq > 0) {
                m.put(tok.substring(0, eq), tok.substring(eq + 1));
            }
        }
        return new KeyValues(m);
    }

    /** Every non-blank line of {@code file} that starts with {@code workload=}. */
    static List<KeyValues> readSummary(Path file) throws IOException {
        List<KeyValues> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("workload=")) {
                out.add(parse(line));
            }
        }
        return out;
    }

    String get(String key) {
        return map.get(key);
    }

    /** The value of {@code key} as a number, or null if it is missing or not numeric ("NA"). */
    Double number(String key) {
        String v = map.get(key);
        if (v == null) {
            return null;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
